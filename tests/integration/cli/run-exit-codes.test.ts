/**
 * `pipeline run` ends with what the drain did and exits by it: 3 when a date's data-quality
 * gate held it back, 4 when a manifest failed for another reason; the handlers' own logs go
 * to a file, so `--json` prints one document and nothing else.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import type { RunOutcome } from '../../../scripts/ops/outcome/run-outcome';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { putRawFile } from '../../e2e/support/raw-files';

const fx = usePipeline();
const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-run-codes-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

function cli(command: string, ...args: string[]) {
  const { target } = fx().backend;
  const at = ['--target', 'endpoint', '--endpoint', target.endpoint];
  if (target.catalogEndpoint) at.push('--catalog', target.catalogEndpoint);
  return spawnSync(
    process.execPath,
    [join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'), command, ...at, ...args],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        PIPELINE_STATE_DIR: stateDir,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    },
  );
}

const run = (...args: string[]) => cli('run', '--until-idle', ...args);

describe('pipeline run: summary and exit codes', () => {
  it('up --json prints what it provisioned as one document', () => {
    const result = cli('up', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      env: 'dev',
      endpoint: fx().backend.target.endpoint,
      started: null,
      provisioned: { created: 0, updated: 0, unchanged: 24, unsupported: [] },
    });
  });

  it('exits 3 when a date fails its data-quality rules, with the hold in the JSON summary', async () => {
    const { clients } = fx().backend;
    const bucket = fx().names.buckets.raw;
    await putRawFile(clients, bucket, {
      date: '2026-05-11',
      name: 'good.ndjson',
      body: toNdjson(appEvents(40, { seed: 1, date: '2026-05-11' })),
    });
    // A third of the user ids null: the user_id null-rate rule (<= 3%) fails the date.
    const nullUsers = appEvents(30, { seed: 2, date: '2026-05-12' }).map((e, i) =>
      i % 3 === 0 ? { ...e, user_id: null } : e,
    );
    await putRawFile(clients, bucket, {
      date: '2026-05-12',
      name: 'null-users.ndjson',
      body: toNdjson(nullUsers),
    });

    const result = run('--retry-delay', '0', '--json');
    expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(result.status).toBe(3);
    // stdout is the summary document alone: no handler JSON logs, no EMF blobs.
    const outcome = JSON.parse(result.stdout) as RunOutcome;
    expect(outcome).toMatchObject({
      curatedRuns: 1,
      failedManifests: [],
      dlqMessages: { ingest: 0, manifest: 0 },
      exitCode: 3,
    });
    expect(outcome.heldByDq).toEqual([
      expect.objectContaining({ date: '2026-05-12', reasons: [expect.stringMatching(/user_id/)] }),
    ]);
    expect(outcome.invocations.total).toBeGreaterThan(0);
    // The handlers' logs are in the file the run named.
    expect(result.stderr).toContain(join(stateDir, 'logs', 'run.log'));
    expect(readFileSync(join(stateDir, 'logs', 'run.log'), 'utf8')).toMatch(/"level":"DEBUG"/);
  });

  it('exits 4 when a manifest fails for another reason than data quality, and says what to do', async () => {
    const { clients } = fx().backend;
    await putRawFile(clients, fx().names.buckets.raw, {
      source: 'no-such-source',
      date: '2026-05-13',
      name: 'events.ndjson',
      body: toNdjson(appEvents(5, { seed: 3, date: '2026-05-13' })),
    });
    const result = run('--retry-delay', '0', '--quiet');
    expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(result.status).toBe(4);
    const lines = result.stdout.trimEnd().split('\n');
    // Only the summary: what this run did, not the earlier run's hold.
    expect(lines[0]).toMatch(/, 0 held by data quality, 1 failed manifest\(s\), /);
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}failed manifest: 2026-05-13 \(.+\): .*no-such-source/),
    );
    expect(lines.at(-1)).toMatch(/^exit 4: failures need an operator/);
  });
});
