import { isAbsolute, join, relative } from 'node:path';
import { STATE_DIR } from '../emulator/paths';
import { openLogSink } from '../local/log-sink';

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
 * the terminal. Each command's file starts afresh at each call.
 */
export function openHandlerLog(name: string): HandlerLog {
  const path = join(STATE_DIR, 'logs', `${name}.log`);
  const stream = openLogSink(path, { append: false });
  const rel = relative(process.cwd(), path);
  return {
    path,
    shown: rel.startsWith('..') || isAbsolute(rel) ? path : rel,
    stream,
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}
