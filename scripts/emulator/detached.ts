import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EMULATOR_DEFAULT_REGION } from '../../handlers/lib/aws/target';
import { startCatalog } from './catalog';
import { emulatorAnswers } from './emulator';
import { EmulatorError } from './emulator-error';
import { LAUNCHER, STATE_DIR, venvPaths } from './paths';
import { ensureVenv } from './venv';

/** What `pipeline up` records about the emulator it leaves running. */
export interface DetachedEmulatorState {
  readonly pid: number;
  readonly port: number;
  readonly endpoint: string;
  readonly startedAt: string;
  /** The Iceberg REST catalog started beside it (state in .pipeline/catalog/). */
  readonly catalog?: { readonly pid: number; readonly endpoint: string };
}

const STATE_FILE = join(STATE_DIR, 'emulator.json');
/** Whether the recorded emulator still runs: a stopped one refuses at once, a busy one is slow. */
const LIVENESS_TIMEOUT_MS = 15_000;
export const EMULATOR_LOG = join(STATE_DIR, 'emulator.log');

/** True when a REST catalog answers at `endpoint` (its config route). */
async function catalogAnswers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/v1/config`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** The emulator `pipeline up` started, if it is still answering. */
export async function runningDetachedEmulator(): Promise<DetachedEmulatorState | undefined> {
  if (!existsSync(STATE_FILE)) return undefined;
  const state = JSON.parse(await readFile(STATE_FILE, 'utf8')) as DetachedEmulatorState;
  return (await emulatorAnswers(state.endpoint, LIVENESS_TIMEOUT_MS)) ? state : undefined;
}

/**
 * The emulator the last `pipeline up` recorded when it no longer answers (it was killed, or
 * the machine restarted): what `up` reports as lost before it starts a new, empty one.
 */
export async function lostDetachedEmulator(): Promise<DetachedEmulatorState | undefined> {
  if (!existsSync(STATE_FILE)) return undefined;
  const state = JSON.parse(await readFile(STATE_FILE, 'utf8')) as DetachedEmulatorState;
  return (await emulatorAnswers(state.endpoint, LIVENESS_TIMEOUT_MS)) ? undefined : state;
}

/**
 * Starts an emulator that outlives this process (for `pipeline up`, then `run`, then `down`),
 * on a kernel-chosen port, logging to .pipeline/emulator.log, and records where it listens.
 */
export async function startDetachedEmulator(
  timeoutMs = 30_000,
  log?: (line: string) => void,
): Promise<DetachedEmulatorState> {
  const paths = venvPaths();
  await ensureVenv(log, paths);
  await mkdir(STATE_DIR, { recursive: true });
  const child = spawn(paths.python, [LAUNCHER], {
    detached: true,
    stdio: ['ignore', 'pipe', openSync(EMULATOR_LOG, 'a')],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new EmulatorError(
            `the embedded emulator did not start within ${timeoutMs / 1000} s; see ${EMULATOR_LOG}`,
          ),
        ),
      timeoutMs,
    );
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new EmulatorError(
          `the embedded emulator exited during start (code ${code}); see ${EMULATOR_LOG}, or reinstall it: rm -rf .venv && npm run bootstrap`,
        ),
      );
    });
  });
  child.stdout!.destroy();
  child.unref();
  const endpoint = `http://127.0.0.1:${port}`;
  const startedAt = new Date().toISOString();
  // Recorded at once, so `pipeline down` (or a test's cleanup) finds the emulator even when
  // this process is ended while the catalog starts.
  await writeFile(
    STATE_FILE,
    `${JSON.stringify({ pid: child.pid!, port, endpoint, startedAt })}\n`,
  );
  let catalog;
  try {
    // The emulator's S3 starts empty, so the catalog's state must too (no table left
    // pointing at metadata files of an earlier run).
    const stateDir = join(STATE_DIR, 'catalog');
    await rm(stateDir, { recursive: true, force: true });
    await mkdir(stateDir, { recursive: true });
    catalog = await startCatalog({
      s3Endpoint: endpoint,
      region: EMULATOR_DEFAULT_REGION,
      timeoutMs,
      detached: { stateDir, logFd: openSync(EMULATOR_LOG, 'a') },
    });
  } catch (err) {
    process.kill(child.pid!, 'SIGTERM');
    await rm(STATE_FILE, { force: true });
    throw err;
  }
  const state: DetachedEmulatorState = {
    pid: child.pid!,
    port,
    endpoint,
    startedAt,
    catalog: { pid: catalog.pid, endpoint: catalog.endpoint },
  };
  await writeFile(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

/** Stops the emulator `pipeline up` started; false when none was running. */
export async function stopDetachedEmulator(): Promise<boolean> {
  if (!existsSync(STATE_FILE)) return false;
  const state = JSON.parse(await readFile(STATE_FILE, 'utf8')) as DetachedEmulatorState;
  await rm(STATE_FILE, { force: true });
  if (state.catalog && (await catalogAnswers(state.catalog.endpoint))) {
    try {
      process.kill(state.catalog.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  // A pid alone could have been reused by another process since: kill only a live emulator.
  if (!(await emulatorAnswers(state.endpoint, LIVENESS_TIMEOUT_MS))) return false;
  try {
    process.kill(state.pid, 'SIGTERM');
  } catch {
    return false; // already gone
  }
  for (let i = 0; i < 50 && (await emulatorAnswers(state.endpoint)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
