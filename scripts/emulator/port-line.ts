import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Why a start failed: the process died, or it was too slow (the deadline passed). */
export class StartFailure extends Error {
  constructor(
    readonly kind: 'died' | 'slow',
    detail = '',
  ) {
    super(detail);
  }
}

/**
 * Reads the port a launcher prints as JSON on its first stdout line (`{"port": N}`): the
 * emulator's and the catalog's launchers both do, both on a kernel-chosen loopback port.
 */
export function readPort(
  child: ChildProcess,
  stderr: () => string,
  deadline: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (failure: StartFailure): void => {
      clearTimeout(timer);
      lines.close();
      reject(failure);
    };
    const timer = setTimeout(
      () => fail(new StartFailure('slow')),
      Math.max(0, deadline - Date.now()),
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      child.stdout!.resume();
      let port = NaN;
      try {
        port = Number((JSON.parse(line) as { port?: unknown }).port);
      } catch {
        // not JSON: reported below as a start failure
      }
      if (Number.isInteger(port) && port > 0) resolve(port);
      else fail(new StartFailure('died', `printed "${line}" instead of its port`));
    });
    child.once('error', (err) => fail(new StartFailure('died', err.message)));
    child.once('exit', (code, signal) =>
      fail(
        new StartFailure(
          'died',
          `exited during start (${signal ?? `code ${code}`}): ${stderr() || 'no output'}`,
        ),
      ),
    );
  });
}

/** Resolves true once `child` exited, false when it is still running after `ms`. */
export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
