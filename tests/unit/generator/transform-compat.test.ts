/**
 * Generated files as the transform reads them (its DuckDB staging, contract and DQ rules): good
 * lines are accepted with no schema drift, bad lines are rejected, and each knob drives its DQ
 * rule past the default threshold, so every rule can be exercised end to end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { evaluateRules, hardFailures } from '../../../handlers/lib/dq/evaluate';
import { dqRulesSchema } from '../../../handlers/lib/dq/rules';
import { formatOfKey, type LocalInputFile } from '../../../handlers/transform/convert/input-file';
import { runCounts } from '../../../handlers/transform/convert/run-stats';
import { stageFiles } from '../../../handlers/transform/convert/stage-files';
import { openDuckDb, type DuckDbSession } from '../../../handlers/lib/duckdb/session';
import { memorySink } from '../../../scripts/generator/fs-sink';
import { generateDataset } from '../../../scripts/generator/generate-dataset';
import type { GeneratorOptionsInput } from '../../../scripts/generator/options';

const contract = contractFor('app');
const rules = dqRulesSchema.parse(contractFor('app').dq);
let dir: string;
let db: DuckDbSession;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gen-compat-'));
  db = await openDuckDb(dir, { memoryLimitMb: 256, threads: 1 });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function stage(options: Partial<GeneratorOptionsInput>) {
  const sink = memorySink();
  const summary = await generateDataset(
    {
      seed: 4,
      source: 'app',
      dates: ['2026-11-20'],
      size: { events: 4000 },
      fileBytes: 512 * 1024,
      ...options,
    },
    sink,
  );
  const files: LocalInputFile[] = [...sink.files].map(([key, body], idx) => {
    const path = join(dir, `f${idx}`);
    writeFileSync(path, body);
    return {
      idx,
      sourceKey: key,
      path,
      format: formatOfKey(key),
      gzip: key.endsWith('.gz'),
      bytes: body.length,
    };
  });
  const refused = await stageFiles(db, contract, files, { maxLineBytes: 1024 * 1024 });
  const counts = await runCounts(db, rules);
  const failed = hardFailures(evaluateRules(rules, counts)).map((r) => r.id);
  return { summary, counts, failed, refused };
}

describe('generated files through the transform staging', () => {
  it.each([
    ['ndjson', false],
    ['ndjson', true],
    ['csv', false],
    ['csv', true],
  ] as const)(
    'accepts every good %s line (gzip %s), rejects every bad one, with no schema drift',
    async (format, gzip) => {
      const { summary, counts, failed } = await stage({
        format,
        gzip,
        rates: { duplicate: 0.01, badLine: 0.02, late: 0.1, nullUser: 0.01 },
      });
      const c = summary.counts;
      expect(counts.rowsRead).toBe(c.lines);
      expect(counts.rejectedRows).toBe(c.badLines);
      expect(counts.acceptedRows).toBe(c.events + c.duplicates);
      expect(counts.driftRows).toBe(0);
      expect(failed).toEqual([]);
    },
  );

  it.each([
    [{ nullUser: 0.06 }, 'user_id_null_rate'],
    [{ duplicate: 0.05 }, 'event_id_duplicate_rate'],
    [{ unknownType: 0.02 }, 'event_type_allowed'],
    [{ badLine: 0.1 }, 'reject_rate'],
    [{ badLine: 1 }, 'rows_present'],
  ])('drives a DQ rule past its default threshold with %j', async (rates, rule) => {
    const { failed } = await stage({ rates });
    expect(failed).toContain(rule);
  });

  it('writes truncated gzip files, which the transform refuses on their own', async () => {
    // DuckDB alone would read a gzip up to the cut without an error (it does not check the
    // trailer); the transform's gzip check spots the truncation and refuses that file only.
    const { summary, counts, refused } = await stage({
      rates: { badFile: 1 },
      badFileKinds: ['truncated-gzip'],
      size: { events: 500 },
    });
    expect(summary.files.map((f) => f.kind)).toEqual(['data', 'truncated-gzip']);
    expect(refused).toEqual([
      expect.objectContaining({
        reason: expect.stringMatching(/gzip stream is truncated or corrupt/) as unknown,
      }),
    ]);
    expect(counts.rejectedRows).toBe(0);
    expect(counts.rowsRead).toBe(summary.counts.lines);
    expect(counts.refusedLines).toBeGreaterThan(0);
  });
});
