/**
 * The demo exits by what happened to the data (3 when a date's data-quality gate held it),
 * prints its summary as JSON with --json, and refuses a missing --input before it starts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import type { DemoResult } from '../../../scripts/demo/run-demo';
import { appEvents, toNdjson } from '../../fixtures/app-events';

const base = mkdtempSync(join(tmpdir(), 'demo-exit-codes-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const demo = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'demo.ts'), ...args],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        PIPELINE_STATE_DIR: join(base, 'state'),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    },
  );

function writeEvents(date: string, name: string, body: string): void {
  const dir = join(base, 'input', 'source=app', `ingestion_date=${date}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), body);
}

describe('npm run demo: exit codes', () => {
  it('refuses a missing --input folder in one line, before starting anything', () => {
    const result = demo('--input', join(base, 'no-such-folder'));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^error: option '--input <dir>' argument '.*no-such-folder' is invalid\. no such folder; pass the folder/,
      ),
    ]);
  });

  it('exits 3 when a date fails its data-quality rules; --json prints the summary', () => {
    writeEvents(
      '2026-05-11',
      'good.ndjson',
      toNdjson(appEvents(40, { seed: 1, date: '2026-05-11' })),
    );
    const nullUsers = appEvents(30, { seed: 2, date: '2026-05-12' }).map((e, i) =>
      i % 3 === 0 ? { ...e, user_id: null } : e,
    );
    writeEvents('2026-05-12', 'null-users.ndjson', toNdjson(nullUsers));

    const result = demo('--input', join(base, 'input'), '--json');
    expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(result.status).toBe(3);
    const summary = JSON.parse(result.stdout) as DemoResult;
    expect(summary.outcome).toMatchObject({ curatedRuns: 1, failedManifests: [], exitCode: 3 });
    expect(summary.outcome.heldByDq.map((r) => r.date)).toEqual(['2026-05-12']);
    expect(summary.dates.map((d) => d.date)).toEqual(['2026-05-11', '2026-05-12']);
    // The steps went to stderr and end with the verdict.
    expect(result.stderr).toMatch(/\nexit 3: some data is held by its data-quality gate/);
  });
});
