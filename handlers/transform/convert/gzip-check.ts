import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** What streaming a gzip file through zlib found: its problem, and the lines before it. */
export interface GzipScan {
  /** Undefined when the stream decompresses to its end within the limit. */
  readonly problem: string | undefined;
  /**
   * Complete lines (newlines) decompressed, up to the problem when there is one; undefined when
   * the scan stopped at the size limit, so the rest of the file was never read.
   */
  readonly lines: number | undefined;
}

/** Thrown inside the scan's sink to stop decompressing; never leaves {@link scanGzip}. */
class ExpandsPastLimit extends Error {}

const KIB = 1024;
const MIB = 1024 * KIB;

/** A byte count as a person reads it: whole MB (`4,608 MB`), or KB below one MB. */
const sizeText = (bytes: number): string =>
  bytes >= MIB
    ? `${Math.floor(bytes / MIB).toLocaleString('en-US')} MB`
    : `${Math.floor(bytes / KIB).toLocaleString('en-US')} KB`;

/**
 * Streams a gzip file once through zlib (output discarded, constant memory), counting newlines.
 * DuckDB reads a truncated gzip up to the cut without an error, which would lose rows silently;
 * this catches truncation and corruption, and says how many lines were readable before them,
 * so the refusal of the file can still account for its lines. With `maxExpandedBytes`, it stops
 * as soon as the file expands past it: the builder caps files by their compressed size, and a
 * gzip file that expands past what one transform run is sized to stage would otherwise fill
 * its /tmp on every retry, to the dead-letter queue. Its lines are then not counted.
 */
export async function scanGzip(path: string, maxExpandedBytes = Infinity): Promise<GzipScan> {
  let lines = 0;
  let bytes = 0;
  const count = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxExpandedBytes) {
        done(new ExpandsPastLimit());
        return;
      }
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lines += 1;
      done();
    },
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), count);
    return { problem: undefined, lines };
  } catch (err) {
    if (err instanceof ExpandsPastLimit) {
      return {
        problem: `the gzip stream expands past ${sizeText(maxExpandedBytes)}, more than one transform run stages; send it in smaller files`,
        lines: undefined,
      };
    }
    const why = (err as { message?: string }).message ?? 'unknown error';
    return { problem: `gzip stream is truncated or corrupt (${why})`, lines };
  }
}

/** Why a gzip file cannot be trusted, or undefined when it decompresses to its end. */
export async function gzipProblem(path: string): Promise<string | undefined> {
  return (await scanGzip(path)).problem;
}
