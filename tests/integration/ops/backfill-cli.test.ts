/**
 * `pipeline backfill` as an operator runs it (a process, against the test emulator by URL):
 * `--dry-run` lists dates and tracked files, `--run-locally --yes` rebuilds with the local
 * runtime, no confirmation on a pipe without `--yes`, and user errors are one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentGeneration } from '../../../handlers/transform/partition-generation';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import type { PlannedDate } from '../../../scripts/ops/backfill/plan';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import {
  IMMEDIATE_MANIFESTS,
  lastCommitOf,
  putRaw,
  runtimeWith,
} from '../../fixtures/ops-pipeline';
import { usePipeline } from '../../helpers/pipeline';
import { scaled } from '../../helpers/time-scale';

jest.setTimeout(scaled(240_000));
const fx = usePipeline();
const [D1, D2] = ['2026-07-01', '2026-07-02'];
const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-state-'));
const BIN = join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs');
const env = {
  ...process.env,
  PIPELINE_STATE_DIR: stateDir,
  PIPELINE_ENDPOINT_URL: '',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'backfill', ...args], {
    encoding: 'utf8',
    env,
    input: '',
    timeout: scaled(180_000),
  });
const atEmulator = () => [
  '--target',
  'endpoint',
  '--endpoint',
  fx().backend.target.endpoint,
  '--catalog',
  fx().backend.target.catalogEndpoint!,
];

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

beforeAll(async () => {
  await putRaw(fx(), D1, 'a.ndjson', toNdjson(appEvents(15, { date: D1, seed: 4 })));
  const runtime = runtimeWith(fx(), IMMEDIATE_MANIFESTS);
  try {
    await runtime.runUntilIdle({ fireSchedules: false, timeoutMs: scaled(120_000) });
  } finally {
    await runtime.stop();
  }
});

describe('pipeline backfill', () => {
  it('--dry-run lists the dates with their tracked files and changes nothing', () => {
    const res = cli('--from', D1, '--to', D2, '--dry-run', ...atEmulator());
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`${D1}\\s+1\\s+rebuild`));
    expect(res.stdout).toMatch(new RegExp(`${D2}\\s+0\\s+skip: no tracked files`));
    expect(res.stdout).toContain(
      '1 of 2 date(s) would be rebuilt, one at a time; this starts a new backfill',
    );
    const json = cli('--from', D1, '--to', D2, '--dry-run', '--json', ...atEmulator());
    expect((JSON.parse(json.stdout) as { plan: PlannedDate[] }).plan).toEqual([
      { date: D1, files: 1, action: 'rebuild' },
      { date: D2, files: 0, action: 'skip-no-files' },
    ]);
  });

  it('asks for --yes when it cannot ask a person', () => {
    const res = cli('--from', D1, '--to', D2, ...atEmulator());
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toBe(
      'error: backfill replaces the curated data of 1 date(s); pass --yes to confirm (or --dry-run to see the plan)',
    );
  });

  it('--run-locally --yes rebuilds each date with the local runtime', async () => {
    const res = cli('--from', D1, '--to', D2, '--run-locally', '--yes', ...atEmulator());
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(
        `${D1}\\s+rebuilt 1 file\\(s\\): 15 rows \\(0 duplicates dropped, 0 rejected\\) as rebuild-\\d+`,
      ),
    );
    expect(res.stdout).toMatch(new RegExp(`${D2}\\s+skip: no tracked files`));
    expect(res.stdout).toContain(`backfill ${D1}..${D2} done: 1 date(s) rebuilt`);
    // The handlers' own logs went to their file, not among the date lines.
    expect(res.stdout).not.toMatch(/"level":/);
    expect(res.stderr).toContain(join(stateDir, 'logs', 'backfill.log'));
    const gen = await currentGeneration(fx().backend.clients.ddb, fx().names.tables.metrics, D1);
    expect(await lastCommitOf(fx(), D1)).toMatchObject({ kind: 'replace', runId: gen!.generation });
  });

  it('says what is wrong in one line: help example, bad and unknown dates, ranges, no target', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Examples:\n {2}pipeline backfill --from/);
    for (const [args, message] of [
      [
        ['--from', '2026-02-30', '--to', '2026-03-01'],
        'error: --from must be a calendar date YYYY-MM-DD, not "2026-02-30"',
      ],
      [
        ['--from', '2026-03-01', '--to', 'tomorrow'],
        'error: --to must be a calendar date YYYY-MM-DD, not "tomorrow"',
      ],
      [
        ['--from', '2026-03-02', '--to', '2026-03-01'],
        'error: --from 2026-03-02 is after --to 2026-03-01',
      ],
      [
        ['--from', '2025-01-01', '--to', '2026-03-01'],
        'error: a backfill covers at most 366 dates, not 425',
      ],
      [['--to', '2026-03-01'], "error: required option '--from <date>' not specified"],
      [
        ['--from', '2026-03-01', '--to', '2026-03-01', '--timeout', '0'],
        'error: --timeout must be a whole number from 1 to 86400, not "0"',
      ],
      [
        ['--from', '2026-03-01', '--to', '2026-03-01', '--run-locally', '--target', 'aws'],
        'error: pipeline backfill --run-locally runs against emulators only',
      ],
      [
        ['--from', '2026-03-01', '--to', '2026-03-01'],
        'error: the embedded emulator is not running; start it with: pipeline up',
      ],
    ] as const) {
      const res = cli(...args);
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(message);
    }
  });
});
