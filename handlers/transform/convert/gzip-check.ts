import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** What streaming a gzip file through zlib found: its problem, and the lines before it. */
export interface GzipScan {
  /** Undefined when the stream decompresses to its end. */
  readonly problem: string | undefined;
  /** Complete lines (newlines) decompressed, up to the problem when there is one. */
  readonly lines: number;
}

/**
 * Streams a gzip file once through zlib (output discarded, constant memory), counting newlines.
 * DuckDB reads a truncated gzip up to the cut without an error, which would lose rows silently;
 * this catches truncation and corruption, and says how many lines were readable before them,
 * so the refusal of the file can still account for its lines.
 */
export async function scanGzip(path: string): Promise<GzipScan> {
  let lines = 0;
  const count = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lines += 1;
      done();
    },
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), count);
    return { problem: undefined, lines };
  } catch (err) {
    const why = (err as { message?: string }).message ?? 'unknown error';
    return { problem: `gzip stream is truncated or corrupt (${why})`, lines };
  }
}

/** Why a gzip file cannot be trusted, or undefined when it decompresses to its end. */
export async function gzipProblem(path: string): Promise<string | undefined> {
  return (await scanGzip(path)).problem;
}
