import { createWriteStream, mkdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { STATE_DIR } from '../emulator/paths';

/** The handlers' log file of a command, and how to close it once the handlers stopped. */
export interface HandlerLog {
  readonly path: string;
  /** The path as a person reads it: relative to the working directory when inside it. */
  readonly shown: string;
  readonly stream: NodeJS.WritableStream;
  close(): Promise<void>;
}

/**
 * Opens `<state dir>/logs/<name>.log` (truncated) for the handlers' own output: their JSON
 * logs at DEBUG in dev and the EMF metric documents, which would bury a command's lines on
 * the terminal. Written by the CLI's own small function until the local runtime has a shared
 * log sink.
 */
export function openHandlerLog(name: string): HandlerLog {
  const dir = join(STATE_DIR, 'logs');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.log`);
  const stream = createWriteStream(path);
  const rel = relative(process.cwd(), path);
  return {
    path,
    shown: rel.startsWith('..') || isAbsolute(rel) ? path : rel,
    stream,
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}
