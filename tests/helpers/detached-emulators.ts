/**
 * Stops the emulator and catalog a test's `pipeline up` left running in its private state
 * directory, whatever happened to the test: after the file's tests (a timed-out test
 * included: jest still runs afterAll) and, failing that, when the test worker exits.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

interface RecordedEmulator {
  readonly pid?: number;
  readonly catalog?: { readonly pid?: number };
}

/** True when `pid` runs a process whose command line names `program` (Linux); else assume so. */
function runs(pid: number, program: string): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc')) return true;
  try {
    return readFileSync(cmdline, 'utf8').includes(program);
  } catch {
    return false; // gone
  }
}

function kill(pid: number | undefined, program: string): void {
  if (pid === undefined || !runs(pid, program)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Kills what `stateDir/emulator.json` records (synchronous: usable in an exit hook). */
export function killDetachedEmulator(stateDir: string): void {
  const file = join(stateDir, 'emulator.json');
  if (!existsSync(file)) return;
  let state: RecordedEmulator;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as RecordedEmulator;
  } catch {
    return;
  }
  kill(state.catalog?.pid, 'LoopbackCatalog');
  kill(state.pid, 'launch_moto.py');
}

/**
 * Registers the cleanup of `stateDir` for this test file: `afterAll` runs `stopGracefully`
 * (e.g. `pipeline down`), then kills whatever is still recorded and removes the directory;
 * an exit hook does the killing if the file never got that far.
 */
export function useDetachedCleanup(stateDir: string, stopGracefully: () => void): void {
  const onExit = (): void => killDetachedEmulator(stateDir);
  process.once('exit', onExit);
  afterAll(() => {
    try {
      stopGracefully();
    } finally {
      killDetachedEmulator(stateDir);
      process.off('exit', onExit);
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
}
