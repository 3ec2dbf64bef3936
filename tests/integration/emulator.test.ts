/** The embedded emulator's life cycle: parallel starts, reset, clean stops, no orphans, clear errors. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { createAwsClients } from '../../handlers/lib/aws/clients';
import { emulatorAnswers, startEmulator } from '../../scripts/emulator/emulator';
import { EmulatorError } from '../../scripts/emulator/emulator-error';
import { PROJECT_ROOT } from '../../scripts/emulator/paths';
import { scaled } from '../helpers/time-scale';

const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
/** Node itself with tsx's loader: one process, so a signal reaches the process that owns the emulator. */
const NODE_TS = [process.execPath, '--import', 'tsx'] as const;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Emulator processes whose parent is this test process. */
const ownLaunchers = (): string[] =>
  spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes('launch_moto.py'));

describe('embedded emulator', () => {
  it('starts twice in parallel on different ports, isolated from each other, and stops cleanly', async () => {
    const [a, b] = await Promise.all([startEmulator(), startEmulator()]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(await emulatorAnswers(a.endpoint)).toBe(true);
      expect(await emulatorAnswers(b.endpoint)).toBe(true);
      const clientsA = createAwsClients(a.target);
      const clientsB = createAwsClients(b.target);
      await clientsA.s3.send(new CreateBucketCommand({ Bucket: 'only-in-a' }));
      const inB = await clientsB.s3.send(new ListBucketsCommand({}));
      expect(inB.Buckets ?? []).toHaveLength(0);

      await a.reset();
      const afterReset = await clientsA.s3.send(new ListBucketsCommand({}));
      expect(afterReset.Buckets ?? []).toHaveLength(0);
      clientsA.destroy();
      clientsB.destroy();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(alive(a.pid) || alive(b.pid)).toBe(false);
    expect(await emulatorAnswers(a.endpoint)).toBe(false);
    await a.stop(); // a second stop is harmless
  });

  it('fails with an actionable message, and leaves no process, when it does not answer in time', async () => {
    const attempt = startEmulator({ timeoutMs: 1 });
    await expect(attempt).rejects.toBeInstanceOf(EmulatorError);
    await expect(attempt).rejects.toThrow(
      /did not answer .* within 0.001 s; .*PIPELINE_EMULATOR_TIMEOUT_MS/,
    );
    expect(await until(() => ownLaunchers().length === 0, scaled(5_000))).toBe(true);
  });

  it.each(['SIGKILL', 'SIGINT', 'SIGTERM'] as const)(
    'does not outlive a parent process ended by %s',
    async (signal) => {
      const parent = spawn(
        NODE_TS[0],
        [...NODE_TS.slice(1), join(PROJECT_ROOT, 'tests/fixtures/hold-emulator.ts')],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
          cwd: PROJECT_ROOT,
        },
      );
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: parent.stdout }).once('line', resolve),
      );
      const { pid, endpoint } = JSON.parse(line) as { pid: number; endpoint: string };
      expect(await emulatorAnswers(endpoint)).toBe(true);
      parent.kill(signal);
      expect(await until(() => !alive(pid), scaled(10_000))).toBe(true);
      expect(await emulatorAnswers(endpoint)).toBe(false);
    },
  );
});

describe('bootstrap', () => {
  it('says what to do, in one line and without a stack trace, when the venv cannot be created', () => {
    const venv = mkdtempSync(join(tmpdir(), 'venv-'));
    rmSync(venv, { recursive: true });
    const result = spawnSync(TSX, [join(PROJECT_ROOT, 'scripts/emulator/bootstrap-venv.ts')], {
      encoding: 'utf8',
      env: { ...process.env, PIPELINE_VENV_DIR: venv, PIPELINE_PYTHON: '/nonexistent/python3' },
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^error: could not create the emulator's Python venv .*PIPELINE_PYTHON.*npm run bootstrap$/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
