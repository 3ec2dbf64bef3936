/**
 * `pipeline status` as an operator runs it (a process, against the test emulator by URL): the
 * JSON report and the screen show DLQ depth and age, files by status per date, latest runs and
 * lock holders; `--watch` redraws until Ctrl-C and exits cleanly; user errors are one line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { dateLockId, tryAcquireLock } from '../../../handlers/lib/tracking/date-lock';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import type { StatusReport } from '../../../scripts/ops/status/report';
import { queueUrl } from '../../../scripts/ops/status/queues';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import { IMMEDIATE_MANIFESTS, putRaw, runtimeWith } from '../../fixtures/ops-pipeline';
import { usePipeline } from '../../helpers/pipeline';
import { scaled } from '../../helpers/time-scale';

jest.setTimeout(scaled(180_000));
const fx = usePipeline();
const DATE = '2026-08-10';
const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-state-'));
const BIN = join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs');
const env = {
  ...process.env,
  PIPELINE_STATE_DIR: stateDir,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: scaled(120_000) });
const atEmulator = () => ['--target', 'endpoint', '--endpoint', fx().backend.target.endpoint];

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

beforeAll(async () => {
  await putRaw(fx(), DATE, 'a.ndjson', toNdjson(appEvents(25, { date: DATE, seed: 8 })));
  await putRaw(fx(), DATE, 'bad.exe', 'not an event file');
  const runtime = runtimeWith(fx(), IMMEDIATE_MANIFESTS);
  try {
    await runtime.runUntilIdle({ fireSchedules: false, timeoutMs: scaled(120_000) });
  } finally {
    await runtime.stop();
  }
  const { sqs, ddb } = fx().backend.clients;
  const dlq = await queueUrl(sqs, fx().names.queues.manifestDlq);
  await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: '{"kind":"poison"}' }));
  await tryAcquireLock(
    { ddb, table: fx().names.tables.locks },
    dateLockId('2026-08-11'),
    'builder-xyz',
    300,
    new Date(),
  );
});

describe('pipeline status', () => {
  it('prints the report as JSON: queues and DLQ age, files by status, runs with verdicts, locks', () => {
    const res = cli('status', '--json', ...atEmulator());
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.status).toBe(0);
    const report = JSON.parse(res.stdout) as StatusReport;
    const dlq = report.queues.find((q) => q.role === 'manifestDlq')!;
    expect(dlq).toMatchObject({
      name: fx().names.queues.manifestDlq,
      visible: 1,
      oldestBasis: 'dlq-sample',
    });
    expect(dlq.oldestAgeSeconds).toEqual(expect.any(Number));
    expect(report.queues.find((q) => q.role === 'ingest')).toMatchObject({
      visible: 0,
      oldestAgeSeconds: null,
    });
    expect(report.dates).toEqual([
      expect.objectContaining({
        date: DATE,
        files: { PENDING: 0, MANIFESTED: 0, DONE: 1, FAILED: 0, QUARANTINED: 1 },
        manifests: { CREATED: 0, QUEUED: 0, DONE: 1, FAILED: 0 },
        late: null,
      }),
    ]);
    expect(report.runs).toEqual([
      expect.objectContaining({
        date: DATE,
        kind: 'manifest',
        status: 'passed',
        rowsOutput: 25,
        failedRules: [],
      }),
    ]);
    expect(report.locks).toEqual([
      expect.objectContaining({
        lockId: dateLockId('2026-08-11'),
        owner: 'builder-xyz',
        expired: false,
      }),
    ]);
  });

  it('prints one screen for a person', () => {
    const res = cli('status', ...atEmulator());
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(`${fx().names.queues.manifestDlq}\\s+1\\s+0\\s+0\\s+\\d+s \\(oldest message\\)`),
    );
    expect(res.stdout).toMatch(
      new RegExp(`${DATE}\\s+0\\s+0\\s+1\\s+1\\s+0\\s+\\|\\s+0\\s+0\\s+1\\s+0\\s+-\\s+-`),
    );
    expect(res.stdout).toMatch(/manifest\s+passed\s+25\/25/);
    expect(res.stdout).toContain('builder-xyz');
    expect(res.stdout).toContain('Late data: none');
  });

  it('--watch refreshes until Ctrl-C, then exits cleanly', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'status', '--watch', '--interval', '1', ...atEmulator()],
      { env },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const screens = () => out.split('pipeline status (dev)').length - 1;
    const deadline = Date.now() + scaled(60_000);
    while (screens() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(screens()).toBeGreaterThanOrEqual(2);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });

  it('says what is wrong in one line: help example, bad dates and numbers, no target', () => {
    const help = cli('status', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Examples:\n {2}pipeline status/);
    for (const [args, message] of [
      [
        ['--from', '2026-02-30'],
        'error: --from must be a calendar date YYYY-MM-DD, not "2026-02-30"',
      ],
      [
        ['--from', '2026-03-02', '--to', '2026-03-01'],
        'error: --from 2026-03-02 is after --to 2026-03-01',
      ],
      [['--days', '0'], 'error: --days must be a whole number from 1 to 366, not "0"'],
      [[], 'error: the embedded emulator is not running; start it with: pipeline up'],
      [['--target', 'endpoint'], 'error: --target endpoint needs --endpoint <url>'],
    ] as const) {
      const res = spawnSync(process.execPath, [BIN, 'status', ...args], {
        encoding: 'utf8',
        env: { ...env, PIPELINE_ENDPOINT_URL: '' },
      });
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(message);
    }
  });
});
