/**
 * An emulator that lost its state is said so, plainly: `pipeline up` after the emulator was
 * restarted (reset at the same address) or killed, and `pipeline run` when it stops mid-run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropAllTables } from '../../../handlers/lib/iceberg/rest-catalog';
import { resetEmulator } from '../../../scripts/emulator/emulator';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import { useDetachedCleanup } from '../../helpers/detached-emulators';
import { scaled } from '../../helpers/time-scale';

const BIN = join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs');
const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-lost-state-'));
const env = {
  ...process.env,
  PIPELINE_STATE_DIR: stateDir,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: scaled(120_000) });
const recorded = () =>
  JSON.parse(readFileSync(join(stateDir, 'emulator.json'), 'utf8')) as {
    pid: number;
    endpoint: string;
    catalog: { endpoint: string };
  };

useDetachedCleanup(stateDir, () => cli('down'));

describe('an emulator that lost its state', () => {
  it('is not reported while the emulator pipeline up provisioned keeps its state', () => {
    const first = cli('up');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/provisioned 24 resources: 20 created/);
    expect(first.stdout).not.toMatch(/lost its state|has stopped/);
    const again = cli('up');
    expect(again.stdout).not.toMatch(/lost its state/);
    expect(again.stdout).toMatch(/24 unchanged/);
  });

  it('says so when the emulator was reset at the same address', async () => {
    const { endpoint, catalog } = recorded();
    // What a restart of both leaves: the same addresses, nothing in them.
    await dropAllTables(catalog.endpoint);
    await resetEmulator(endpoint);
    const up = cli('up');
    expect(up.stderr).not.toMatch(/error/);
    expect(up.status).toBe(0);
    expect(up.stdout).toContain(
      `the emulator at ${endpoint} lost its state (restarted or reset since it was provisioned at `,
    );
    expect(up.stdout).toMatch(/provisioned 24 resources: 20 created/);
    // Stamped again: the next command finds the state it provisioned.
    expect(cli('up').stdout).not.toMatch(/lost its state/);
  });

  it('says so when the emulator the last up started was killed, and starts a new one', () => {
    const { pid, endpoint } = recorded();
    process.kill(pid, 'SIGKILL');
    const up = cli('up');
    expect(up.status).toBe(0);
    expect(up.stdout).toContain(
      `the embedded emulator the last pipeline up started (pid ${pid}, ${endpoint}) has stopped: its files, tables and messages are gone; starting a new one`,
    );
    expect(up.stdout).toMatch(/started the embedded emulator at/);
    expect(up.stdout).toMatch(/provisioned 24 resources: 20 created/);
  });

  it('ends pipeline run in one line, non-zero, when the emulator stops mid-run', async () => {
    const { pid, endpoint } = recorded();
    const run = spawn(process.execPath, [BIN, 'run', '--watch', '--quiet'], { env });
    let stderr = '';
    run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => run.once('exit', resolve));
    const deadline = Date.now() + scaled(60_000);
    while (!stderr.includes('Ctrl-C to stop') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(stderr).toContain('Ctrl-C to stop');
    process.kill(pid, 'SIGKILL');
    const code = await exited;
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toBe(
      `error: the emulator at ${endpoint} stopped during the run (its files, tables and messages are gone); start it again with: pipeline up, then run again`,
    );
    expect(stderr).not.toMatch(/unexpected error|\n\s+at /);
  });
});
