import { UserFacingError } from '../../handlers/lib/errors/pipeline-error';
import { emulatorAnswers } from '../emulator/emulator';

/** The emulator a command ran against stopped answering while the command ran. */
export class EmulatorStoppedError extends UserFacingError {}

/** A busy emulator may take seconds to answer; a stopped one refuses at once. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * Resolves true once the emulator at `endpoint` stopped answering (two probes in a row, a
 * second apart), false once `signal` aborts: lets a command end with one line saying so
 * instead of the connection error of whichever call happened to run first.
 */
export async function emulatorStopped(endpoint: string, signal: AbortSignal): Promise<boolean> {
  let misses = 0;
  while (misses < 2) {
    await new Promise((r) => setTimeout(r, 1_000));
    if (signal.aborted) return false;
    misses = (await emulatorAnswers(endpoint, PROBE_TIMEOUT_MS)) ? 0 : misses + 1;
  }
  return !signal.aborted;
}

/**
 * The one line for an emulator that stopped during a run: its state went with it, so the way
 * back is to start (or restart) it and provision again. `restart` is the command to run.
 */
export function emulatorStoppedError(
  endpoint: string,
  restart: string,
  cause?: unknown,
): EmulatorStoppedError {
  return new EmulatorStoppedError(
    `the emulator at ${endpoint} stopped during the run (its files, tables and messages are gone); start it again with: ${restart}, then run again`,
    { cause, context: { endpoint } },
  );
}
