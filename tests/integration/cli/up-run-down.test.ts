/** `pipeline up`, `run`, `down` as a developer types them, in a private state directory. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorAnswers, startEmulator } from '../../../scripts/emulator/emulator';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import { useDetachedCleanup } from '../../helpers/detached-emulators';
import { scaled } from '../../helpers/time-scale';

const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-state-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'), ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PIPELINE_STATE_DIR: stateDir,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    timeout: scaled(120_000),
  });

useDetachedCleanup(stateDir, () => cli('down'));

describe('pipeline up / run / down', () => {
  it('starts the emulator, provisions idempotently, drains the queues and stops it again', async () => {
    const first = cli('up');
    expect(first.stderr).not.toMatch(/\n\s+at /);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /started the embedded emulator at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\), Iceberg catalog at http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(first.stdout).toMatch(/provisioned 24 resources: 20 created/);
    const { endpoint, catalog } = JSON.parse(
      readFileSync(join(stateDir, 'emulator.json'), 'utf8'),
    ) as { endpoint: string; catalog: { endpoint: string } };

    const second = cli('up');
    expect(second.stdout).toMatch(/provisioned 24 resources: 0 created, 0 updated, 24 unchanged/);

    const run = cli('run', '--until-idle', '--retry-delay', '0', '--quiet');
    expect(run.stdout).toMatch(/\d+ invocation\(s\)/);

    // The curated tables are reached through the catalog `up` started beside the emulator.
    const query = cli('query', '--json', 'SELECT count(*) AS n FROM events');
    expect(query.stderr).toBe('');
    expect(JSON.parse(query.stdout)).toEqual([{ n: 0 }]);

    // --watch runs until Ctrl-C, then stops cleanly (exit 0, summary printed).
    const watch = spawn(
      process.execPath,
      [join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'), 'run', '--watch', '--quiet'],
      {
        env: { ...process.env, PIPELINE_STATE_DIR: stateDir },
      },
    );
    let out = '';
    watch.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve) =>
      watch.stderr.on('data', (d: Buffer) => d.toString().includes('Ctrl-C to stop') && resolve()),
    );
    watch.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => watch.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/\d+ invocation\(s\)/);

    expect(cli('down').stdout).toContain('stopped the embedded emulator');
    expect(await emulatorAnswers(endpoint)).toBe(false);
    await expect(fetch(`${catalog.endpoint}/v1/config`)).rejects.toThrow();
  });

  it('runs the same flow against an emulator given by URL (--target endpoint)', async () => {
    const emulator = await startEmulator();
    try {
      const at = ['--target', 'endpoint', '--endpoint', emulator.endpoint];
      expect(cli('up', ...at).stdout).toMatch(/provisioned 24 resources: 20 created/);
      const run = cli('run', '--until-idle', '--retry-delay', '0', ...at);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/manifest-builder <- schedule \{"action":"flush"\}: ok/);
    } finally {
      await emulator.stop();
    }
  });

  it.each([
    [['run'], /^error: say how long to run: --until-idle .* or --watch/],
    [
      ['run', '--until-idle'],
      /^error: the embedded emulator is not running; start it with: pipeline up$/,
    ],
    [
      ['up', '--target', 'aws'],
      /^error: pipeline up runs against emulators only; deploy to AWS with: npx cdktf-cli/,
    ],
    [
      ['run', '--until-idle', '--target', 'endpoint'],
      /^error: --target endpoint needs --endpoint <url>/,
    ],
    [['up', '--target', 'mars'], /^error: option '--target <kind>' argument 'mars' is invalid/],
  ])('pipeline %j fails in one line with what to do', (args, message) => {
    const result = cli(...args);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
