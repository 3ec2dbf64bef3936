import { once } from 'node:events';
import { createGzip } from 'node:zlib';

/** One output file: chunks are written in order, then it is closed. */
export interface SinkFile {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where generated files go, by path relative to the dataset root (`source=…/ingestion_date=…/
 * part-00000.ndjson`): a directory on disk, memory in tests, nowhere in the benchmark.
 */
export interface DatasetSink {
  open(relativePath: string): Promise<SinkFile>;
}

/** A file that counts the bytes passing through it (bytes on disk, after compression). */
export function counting(out: SinkFile): SinkFile & { readonly bytes: number } {
  let bytes = 0;
  return {
    get bytes() {
      return bytes;
    },
    write: (chunk) => {
      bytes += chunk.byteLength;
      return out.write(chunk);
    },
    close: () => out.close(),
  };
}

/**
 * A file whose bytes are gzipped on the way to `out`, streaming (memory stays at one chunk).
 * Node's gzip header has no timestamp, so the same input gives the same bytes.
 */
export function gzipped(out: SinkFile, level = 6): SinkFile {
  const gz = createGzip({ level });
  let tail: Promise<void> = Promise.resolve();
  gz.on('data', (c: Buffer) => {
    tail = tail.then(() => out.write(c));
  });
  return {
    write: async (chunk) => {
      await new Promise<void>((resolve, reject) =>
        gz.write(chunk, (err) => (err ? reject(err) : resolve())),
      );
      await tail;
    },
    close: async () => {
      const ended = once(gz, 'end');
      gz.end();
      await ended;
      await tail;
      await out.close();
    },
  };
}

/**
 * Copies lines straight into large buffers (no joined strings, little garbage) and hands full
 * ones to the file: few, big writes. The generator writes ASCII, so latin1 is byte-exact.
 */
export class ChunkedWriter {
  private buf: Buffer;
  private pos = 0;
  private ready: Buffer[] = [];
  /** Bytes appended so far. */
  written = 0;

  constructor(
    private readonly out: SinkFile,
    private readonly chunkBytes = 1024 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  /** Appends a line; true when a chunk is full and {@link flush} should be awaited. */
  add(text: string): boolean {
    const n = text.length;
    this.written += n;
    if (this.pos + n > this.buf.length) {
      this.seal();
      if (n > this.buf.length) {
        this.ready.push(Buffer.from(text, 'latin1'));
        return true;
      }
    }
    this.pos += this.buf.write(text, this.pos, 'latin1');
    return this.ready.length > 0;
  }

  /** Writes the full chunks. */
  async flush(): Promise<void> {
    const ready = this.ready;
    this.ready = [];
    for (const chunk of ready) await this.out.write(chunk);
  }

  async close(): Promise<void> {
    this.seal();
    await this.flush();
    await this.out.close();
  }

  private seal(): void {
    if (this.pos === 0) return;
    this.ready.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(this.chunkBytes);
    this.pos = 0;
  }
}
