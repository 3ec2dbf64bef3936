/**
 * Files that are not a readable file of their format are refused on their own, with a reason
 * naming them, while the other files of the manifest are staged (issue 12); `.json` files are
 * documents read with DuckDB's JSON reader.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import {
  formatOfKey,
  type LocalInputFile,
  type StagingLimits,
} from '../../../handlers/transform/convert/input-file';
import { runCounts } from '../../../handlers/transform/convert/run-stats';
import { stageFiles, type RefusedFile } from '../../../handlers/transform/convert/stage-files';
import { writeRejects } from '../../../handlers/transform/convert/write-outputs';
import { openDuckDb, type DuckDbSession } from '../../../handlers/lib/duckdb/session';
import { appEvent, appEvents, toCsv, toNdjson } from '../../fixtures/app-events';

const contract = contractFor('app');
const limits: StagingLimits = { maxLineBytes: 1024 * 1024 };

interface Staged {
  readonly refused: RefusedFile[];
  readonly accepted: number;
  readonly rejected: number;
  readonly refusedLines: number;
  readonly rejects: Record<string, unknown>[];
}

/** Stages `files` (key, body) next to one good NDJSON file and reports what happened. */
async function stage(
  files: ReadonlyArray<[string, string | Buffer]>,
  stagingLimits: StagingLimits = limits,
): Promise<Staged> {
  const dir = mkdtempSync(join(tmpdir(), 'file-refusal-'));
  const db: DuckDbSession = await openDuckDb(dir, { memoryLimitMb: 256, threads: 1 });
  try {
    const all: Array<[string, string | Buffer]> = [
      ...files,
      ['raw/good.ndjson', toNdjson(appEvents(3, {}, 1000))],
    ];
    const local: LocalInputFile[] = all.map(([key, body], idx) => {
      const path = join(dir, `input-${idx}`);
      writeFileSync(path, body);
      const gzip = key.endsWith('.gz');
      const bytes = Buffer.byteLength(body);
      return { idx, sourceKey: key, path, format: formatOfKey(key), gzip, bytes };
    });
    const refused = await stageFiles(db, contract, local, stagingLimits);
    const counts = await runCounts(db, [], 'event_id');
    const path = join(dir, 'rejects.ndjson');
    await writeRejects(db, path);
    const rejects = (
      await db.rows(`SELECT * FROM read_json('${path}', format = 'newline_delimited')`)
    ).map((r) => ({
      ...r,
      line: r.line === null ? null : Number(r.line),
      lines: r.lines === null ? null : Number(r.lines),
      raw_chars: r.raw_chars === null ? null : Number(r.raw_chars),
    }));
    return {
      refused,
      accepted: counts.acceptedRows,
      rejected: counts.rejectedRows,
      refusedLines: counts.refusedLines,
      rejects,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('CSV headers that cannot be mapped refuse the file, not the manifest', () => {
  const rows = toCsv(appEvents(4), ['event_id', 'event_type', 'event_ts']).split('\n').slice(1);
  it.each([
    ['event_id,event_type,event_id', 'the CSV header repeats the column name "event_id"'],
    ['event_id,,event_ts', 'the CSV header has an empty column name (column 2)'],
    [
      'event_id,event_type,EVENT_TYPE',
      'the CSV header repeats the column name "EVENT_TYPE" (as "event_type"; names match in any case)',
    ],
    [
      'event_id,session_session_id,session.session_id',
      'the CSV header has two columns for field session_session_id: "session_session_id" and "session.session_id"',
    ],
  ])('%s', async (header, why) => {
    const s = await stage([['raw/h.csv', [header, ...rows].join('\n')]]);
    expect(s.refused).toEqual([
      { sourceKey: 'raw/h.csv', reason: `cannot read raw/h.csv: ${why}`, lines: 4 },
    ]);
    expect(s).toMatchObject({ accepted: 3, rejected: 0, refusedLines: 4 });
  });
});

describe('.json files are documents', () => {
  it('reads a JSON array of events as its records', async () => {
    const events = appEvents(40);
    const s = await stage([['raw/a.json', JSON.stringify(events, null, 2)]]);
    expect(s).toMatchObject({ refused: [], accepted: 43, rejected: 0 });
  });

  it('reads one pretty-printed object as one record', async () => {
    const s = await stage([['raw/one.json', JSON.stringify(appEvent(7), null, 2)]]);
    expect(s).toMatchObject({ refused: [], accepted: 4, rejected: 0 });
  });

  it('still reads JSON lines written to a .json file line by line, gzipped too', async () => {
    const body = `${toNdjson(appEvents(2))}{"broken":\n`;
    const s = await stage([['raw/lines.json.gz', gzipSync(body)]]);
    expect(s).toMatchObject({ refused: [], accepted: 5, rejected: 1 });
    expect(s.rejects).toEqual([
      expect.objectContaining({
        source_file: 'raw/lines.json.gz',
        line: 3,
        reason: 'not valid JSON',
      }),
    ]);
  });

  it('rejects the elements of an array that are not objects, one by one', async () => {
    const s = await stage([['raw/mixed.json', JSON.stringify([appEvent(1), 5])]]);
    expect(s).toMatchObject({ refused: [], accepted: 4, rejected: 1 });
    expect(s.rejects).toEqual([
      expect.objectContaining({ line: 2, reason: 'not a JSON object (found a number)' }),
    ]);
  });

  it.each([
    [
      'raw/nums.json',
      '[1, 2, 3]',
      'the JSON document is an array of number values, not an array of objects or one object',
      3,
    ],
    [
      'raw/text.json',
      '"hello"',
      'the JSON document is a string, not an array of objects or one object',
      1,
    ],
  ])('refuses %s, a document with no object in it', async (key, body, why, lines) => {
    const s = await stage([[key, body]]);
    expect(s.refused).toEqual([{ sourceKey: key, reason: `cannot read ${key}: ${why}`, lines }]);
    expect(s.accepted).toBe(3);
  });

  it('refuses a truncated JSON array, naming the raw object (not the local copy)', async () => {
    const body = JSON.stringify(appEvents(5), null, 2).slice(0, 700);
    const s = await stage([['raw/cut.json', body]]);
    expect(s.refused).toHaveLength(1);
    expect(s.refused[0]!.reason).toMatch(
      /^cannot read raw\/cut\.json: Invalid Input Error: Malformed JSON in file "raw\/cut\.json"/,
    );
    expect(s.refused[0]!.lines).toBe(body.split('\n').length);
    expect(s.accepted).toBe(3);
  });
});

describe('refused files in the rejects and the counts', () => {
  it('refuses a damaged file among small files staged together, and stages the others line by line', async () => {
    const gz = gzipSync(toNdjson(appEvents(10)));
    const s = await stage([
      ['raw/a.ndjson', `${toNdjson(appEvents(2, {}, 500)).trimEnd()}\nnot json\n`],
      ['raw/cut.ndjson.gz', gz.subarray(0, 20)],
    ]);
    expect(s.refused.map((r) => r.sourceKey)).toEqual(['raw/cut.ndjson.gz']);
    expect(s).toMatchObject({ accepted: 5, rejected: 1 });
    expect(s.rejects.filter((r) => r.line !== null)).toEqual([
      expect.objectContaining({ source_file: 'raw/a.ndjson', line: 3, reason: 'not valid JSON' }),
    ]);
  });

  it('writes one file-level record per refused file and counts its lines apart', async () => {
    const gz = gzipSync(toNdjson(appEvents(100)));
    const s = await stage([['raw/cut.ndjson.gz', gz.subarray(0, Math.floor(gz.length / 2))]]);
    expect(s.refused).toHaveLength(1);
    const lines = s.refused[0]!.lines!;
    expect(lines).toBeGreaterThan(0);
    expect(lines).toBeLessThan(100);
    expect(s).toMatchObject({ accepted: 3, rejected: 0, refusedLines: lines });
    expect(s.rejects).toEqual([
      {
        source_file: 'raw/cut.ndjson.gz',
        line: null,
        reason: expect.stringMatching(
          /^cannot read raw\/cut\.ndjson\.gz: gzip stream is truncated or corrupt \(unexpected end of file\)$/,
        ) as unknown,
        raw: null,
        raw_chars: null,
        lines,
      },
    ]);
  });

  describe('a gzip file that expands past what one run stages', () => {
    // The builder caps files by their compressed size; 2,000 events expand to well over 256 KB.
    const capped: StagingLimits = { ...limits, maxExpandedBytes: 256 * 1024 };
    const bomb = gzipSync(toNdjson(appEvents(2_000)));
    const reason = `cannot read raw/big.ndjson.gz: the gzip stream expands past 256 KB, more than one transform run stages; send it in smaller files`;

    it('is refused with the limit in its reason, its lines not counted, the others staged', async () => {
      expect(bomb.length).toBeLessThan(capped.maxExpandedBytes!);
      const s = await stage([['raw/big.ndjson.gz', bomb]], capped);
      expect(s.refused).toEqual([{ sourceKey: 'raw/big.ndjson.gz', reason }]);
      expect(s).toMatchObject({ accepted: 3, rejected: 0, refusedLines: 0 });
      expect(s.rejects).toEqual([
        {
          source_file: 'raw/big.ndjson.gz',
          line: null,
          reason,
          raw: null,
          raw_chars: null,
          lines: null,
        },
      ]);
    });

    it('is refused alone among small files staged together', async () => {
      const small = gzipSync(toNdjson(appEvents(2, {}, 700)));
      const s = await stage(
        [
          ['raw/small.ndjson.gz', small],
          ['raw/big.ndjson.gz', bomb],
        ],
        capped,
      );
      expect(s.refused.map((r) => r.reason)).toEqual([reason]);
      expect(s).toMatchObject({ accepted: 5, rejected: 0 });
    });

    it('is staged when no limit is set', async () => {
      const s = await stage([['raw/big.ndjson.gz', bomb]]);
      expect(s.refused).toEqual([]);
      expect(s.accepted).toBe(2_003);
    });
  });
});
