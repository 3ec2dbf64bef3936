/**
 * `pipeline dq accept` as an operator runs it (a process, against the test emulator by URL): a
 * date held by a hard rule is accepted, the rebuild it requests runs on the local runtime, the
 * date is curated, and status and the report show who accepted which rule and why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlString } from '../../../handlers/lib/contract/sql-text';
import { rebuildRunId } from '../../../handlers/transform/process-message';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import { buildReport } from '../../../scripts/ops/report/build-report';
import type { StatusReport } from '../../../scripts/ops/status/report';
import { appEvent, toNdjson } from '../../fixtures/app-events';
import {
  IMMEDIATE_MANIFESTS,
  lastCommitOf,
  putRaw,
  runtimeWith,
} from '../../fixtures/ops-pipeline';
import { tableQuery } from '../../helpers/table-rows';
import { usePipeline } from '../../helpers/pipeline';
import { readRunMetrics } from '../transform/support';
import { scaled } from '../../helpers/time-scale';

jest.setTimeout(scaled(240_000));
const fx = usePipeline();
const HELD = '2026-08-01';
const RULE = 'event_type_allowed';
const REASON = 'refund is a new event type; contract version 2 is under review';
const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-state-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'), ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PIPELINE_STATE_DIR: stateDir,
      PIPELINE_ENDPOINT_URL: '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    input: '',
    timeout: 180_000,
  });
const atEmulator = () => [
  '--target',
  'endpoint',
  '--endpoint',
  fx().backend.target.endpoint,
  '--catalog',
  fx().backend.target.catalogEndpoint!,
];

async function runUntilIdle(): Promise<void> {
  const runtime = runtimeWith(fx(), IMMEDIATE_MANIFESTS);
  try {
    await runtime.runUntilIdle({ fireSchedules: false, timeoutMs: scaled(120_000) });
  } finally {
    await runtime.stop();
  }
}

const rowsOf = async (date: string): Promise<number> => {
  const [row] = await tableQuery(
    fx().backend.target,
    fx().names.iceberg.namespace,
    `SELECT count(*) AS n FROM curated WHERE ingestion_date = DATE ${sqlString(date)}`,
  );
  return Number(row?.n ?? 0);
};

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

beforeAll(async () => {
  // Ten events of one date, one of a type the contract's hard rule does not allow.
  const events = Array.from({ length: 10 }, (_, i) =>
    appEvent(i, { date: HELD, seed: 9 }, i === 3 ? { event_type: 'refund' } : {}),
  );
  await putRaw(fx(), HELD, 'held.ndjson', toNdjson(events));
  await runUntilIdle();
});

describe('pipeline dq accept', () => {
  it('publishes a date a hard rule holds; status and the report say who accepted it and why', async () => {
    expect(await rowsOf(HELD)).toBe(0);
    expect(await lastCommitOf(fx(), HELD)).toBeUndefined();

    const res = cli(
      'dq',
      'accept',
      HELD,
      '--rule',
      RULE,
      '--reason',
      REASON,
      '--by',
      'alice',
      ...atEmulator(),
    );
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(
        `^accepted app ${HELD} rule ${RULE} by alice at \\S+: ${REASON}\\nrebuild of ${HELD} requested at (\\S+);`,
      ),
    );
    const requestedAt = /requested at (\S+);/.exec(res.stdout)![1]!;

    await runUntilIdle();
    expect(await rowsOf(HELD)).toBe(10);
    const commit = await lastCommitOf(fx(), HELD);
    expect(commit).toMatchObject({ kind: 'replace', runId: rebuildRunId(requestedAt) });
    const metrics = await readRunMetrics(fx(), HELD, commit!.runId);
    expect(metrics.status).toBe('passed');
    expect(metrics.rules.find((r) => r.id === RULE)).toMatchObject({
      passed: false,
      severity: 'warn',
      accepted: { by: 'alice', reason: REASON },
    });

    const status = cli('status', '--json', '--from', HELD, '--to', HELD, ...atEmulator());
    expect(status.status).toBe(0);
    expect((JSON.parse(status.stdout) as StatusReport).acceptances).toEqual([
      expect.objectContaining({
        source: 'app',
        ingestionDate: HELD,
        rule: RULE,
        by: 'alice',
        reason: REASON,
      }),
    ]);
    const screen = cli('status', '--from', HELD, '--to', HELD, ...atEmulator());
    expect(screen.stdout).toMatch(
      new RegExp(`${HELD}\\s+app\\s+${RULE}\\s+alice\\s+\\S+\\s+${REASON}`),
    );

    const { data } = await buildReport(fx().backend.clients, {
      env: 'dev',
      artifactsBucket: fx().names.buckets.artifacts,
      filesTable: fx().names.tables.files,
      from: HELD,
      to: HELD,
    });
    const row = data.rules.rules.find((r) => r.id === RULE)!;
    expect(row.severity).toBe('hard');
    expect(row.cells).toHaveLength(1);
    expect(row.cells[0]).toMatchObject({
      verdict: 'accepted',
      accepted: { by: 'alice', reason: REASON },
    });

    // Accepting again keeps the first acceptance; --run-locally runs the rebuild it requests and
    // waits for it, and that rebuild is still gated with alice's acceptance.
    const again = cli(
      'dq',
      'accept',
      HELD,
      '--rule',
      RULE,
      '--reason',
      'other',
      '--by',
      'bob',
      '--run-locally',
      ...atEmulator(),
    );
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`app ${HELD} rule ${RULE} was already accepted by alice`);
    expect(again.stdout).toMatch(
      new RegExp(`rebuild rebuild-\\d+ of ${HELD} passed: 10 rows published`),
    );
    expect(again.stdout).not.toMatch(/"level":/);
    expect(await rowsOf(HELD)).toBe(10);
  });

  it('refuses a rule no contract has, or a source without the rule, in one line', () => {
    for (const [args, message] of [
      [
        ['--rule', 'no_such_rule'],
        'error: no source has a rule no_such_rule; rules by source: app: rows_present,',
      ],
      [['--rule', RULE, '--source', 'nope'], 'error: no contract for source nope; sources: app'],
      [
        ['--rule', 'no_such_rule', '--source', 'app'],
        'error: source app has no rule no_such_rule; its rules: rows_present,',
      ],
      [['--rule', RULE, '--reason', ' '], 'error: --reason must say why the date may be published'],
    ] as const) {
      const res = cli('dq', 'accept', HELD, '--reason', 'r', ...args, ...atEmulator());
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(message);
    }
    const badDate = cli(
      'dq',
      'accept',
      '2026-02-30',
      '--rule',
      RULE,
      '--reason',
      'r',
      ...atEmulator(),
    );
    expect(badDate.stderr.trim()).toBe(
      'error: <date> must be a calendar date YYYY-MM-DD, not "2026-02-30"',
    );
  });
});
