import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Opens the log file at `path` for appending (or, with `append: false`, afresh), creating its folder: the one place the CLI
 * (`.pipeline/logs/`) and the test harness (`.pipeline/test-logs/<run>/`) send the handlers'
 * JSON logs and EMF metrics instead of the terminal. On Lambda nothing changes: handlers
 * write to stdout, where CloudWatch collects them; only the local process decides where that
 * stdout goes.
 */
export function openLogSink(path: string, { append = true } = {}): WriteStream {
  mkdirSync(dirname(path), { recursive: true });
  return createWriteStream(path, { flags: append ? 'a' : 'w' });
}
