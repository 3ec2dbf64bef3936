import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/**
 * Why a gzip file cannot be trusted, or undefined when it decompresses to its end. DuckDB reads
 * a truncated gzip up to the cut without an error, which would lose rows silently; streaming it
 * once through zlib (output discarded, constant memory) catches truncation and corruption.
 */
export async function gzipProblem(path: string): Promise<string | undefined> {
  const discard = new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), discard);
    return undefined;
  } catch (err) {
    return `gzip stream is truncated or corrupt (${(err as { message?: string }).message ?? 'unknown error'})`;
  }
}
