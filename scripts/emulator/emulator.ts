import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import {
  EMULATOR_DEFAULT_REGION,
  emulatorTargetAt,
  type EmulatorTarget,
} from '../../handlers/lib/aws/target';
import { startCatalog } from './catalog';
import { EmulatorError } from './emulator-error';
import { readPort, StartFailure, waitForExit } from './port-line';
import { LAUNCHER, venvPaths } from './paths';
import { ensureVenv } from './venv';

/** A running embedded emulator owned by this process. */
export interface EmbeddedEmulator {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  readonly target: EmulatorTarget;
  /** The Iceberg REST catalog started beside it (the curated tables' catalog). */
  readonly catalogEndpoint: string;
  /** Drops every resource, object and table (moto's reset API, then the catalog's): a clean account, same ports. */
  reset(): Promise<void>;
  /** Stops the server and waits for its process to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** How long to wait for the server to answer; PIPELINE_EMULATOR_TIMEOUT_MS, else 30 s. */
  timeoutMs?: number;
  region?: string;
  log?: (line: string) => void;
}

const DEFAULT_TIMEOUT_MS = Number(process.env.PIPELINE_EMULATOR_TIMEOUT_MS ?? 30_000);
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort: a process that exits without stopping its emulators still kills them. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * True when the emulator at `endpoint` answers moto's API. Probes the dashboard page, not
 * `data.json`: moto answers `data.json` with a 500 once any multipart upload has completed.
 * A stopped emulator refuses at once; `timeoutMs` only bounds a slow one (a loaded machine).
 */
export async function emulatorAnswers(endpoint: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** Drops every resource of the emulator at `endpoint` (moto's reset API). */
export async function resetEmulator(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  await res.body?.cancel();
  if (!res.ok) {
    throw new EmulatorError(`the emulator at ${endpoint} refused to reset (HTTP ${res.status})`);
  }
}

const slowError = (timeoutMs: number, where: string, stderr: string): EmulatorError =>
  new EmulatorError(
    `the embedded emulator did not answer ${where} within ${timeoutMs / 1000} s; on a slow machine ` +
      'raise PIPELINE_EMULATOR_TIMEOUT_MS (milliseconds), or reinstall it with: rm -rf .venv && npm run bootstrap',
    { context: { stderr } },
  );

async function waitUntilAnswering(endpoint: string, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (await emulatorAnswers(endpoint)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * Starts the embedded emulator (moto's server from the project venv, installed on first use)
 * on a free loopback port chosen by the kernel, so parallel test workers never collide. The
 * server watches its stdin and exits when this process goes away, even on SIGKILL, so no
 * orphan outlives a test run or a Ctrl-C.
 */
export async function startEmulator(options: StartOptions = {}): Promise<EmbeddedEmulator> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const paths = venvPaths();
  await ensureVenv(options.log, paths);
  const deadline = Date.now() + timeoutMs;
  const child = spawn(paths.python, [LAUNCHER, '--exit-on-stdin-eof'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  live.add(child);
  installExitHook();
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4_000);
  });
  const stderr = (): string => stderrTail.trim().split('\n').slice(-3).join(' | ');
  child.once('exit', () => live.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  };

  let port: number;
  try {
    port = await readPort(child, stderr, deadline);
  } catch (err) {
    await stop();
    const failure = err instanceof StartFailure ? err : new StartFailure('died', String(err));
    if (failure.kind === 'slow') throw slowError(timeoutMs, 'with its port', stderr());
    throw new EmulatorError(
      `the embedded emulator ${failure.message}; reinstall it with: rm -rf .venv && npm run bootstrap`,
      { context: { stderr: stderr() } },
    );
  }
  const endpoint = `http://127.0.0.1:${port}`;
  if (!(await waitUntilAnswering(endpoint, deadline))) {
    await stop();
    throw slowError(timeoutMs, `on ${endpoint}`, stderr());
  }
  let catalog;
  try {
    catalog = await startCatalog({
      s3Endpoint: endpoint,
      region: options.region ?? EMULATOR_DEFAULT_REGION,
      timeoutMs,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const cat = catalog;
  // Neither the process nor its pipes keep Node alive; stop() or the exit hook end them.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr])
    (stream as unknown as Socket).unref();
  options.log?.(
    `embedded emulator listening on ${endpoint} (pid ${child.pid}), Iceberg catalog on ${cat.endpoint}`,
  );
  return {
    endpoint,
    port,
    pid: child.pid!,
    catalogEndpoint: cat.endpoint,
    target: emulatorTargetAt(endpoint, 'embedded', options.region, cat.endpoint),
    reset: async () => {
      await cat.reset();
      await resetEmulator(endpoint);
    },
    stop: async () => {
      await cat.stop();
      await stop();
    },
  };
}
