import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { ChunkedWriter, counting, gzipped, type SinkFile } from '../../../scripts/generator/sink';

function collector(): SinkFile & { chunks: Buffer[]; closed: boolean } {
  const out = {
    chunks: [] as Buffer[],
    closed: false,
    write: (chunk: Uint8Array) => {
      out.chunks.push(Buffer.from(chunk));
      return Promise.resolve();
    },
    close: () => {
      out.closed = true;
      return Promise.resolve();
    },
  };
  return out;
}

async function writeAll(lines: readonly string[], out: SinkFile, chunkBytes: number) {
  const writer = new ChunkedWriter(out, chunkBytes);
  for (const line of lines) if (writer.add(line)) await writer.flush();
  await writer.close();
  return writer.written;
}

describe('ChunkedWriter', () => {
  it('writes exactly the lines given, in order, in chunks no larger than asked unless a line is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '{', '"', '\n'), maxLength: 40 }), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 32 }),
        async (lines, chunkBytes) => {
          const out = collector();
          const written = await writeAll(lines, out, chunkBytes);
          expect(Buffer.concat(out.chunks).toString('latin1')).toBe(lines.join(''));
          expect(written).toBe(lines.join('').length);
          expect(out.closed).toBe(true);
          const longest = Math.max(chunkBytes, ...lines.map((l) => l.length));
          expect(out.chunks.every((c) => c.length <= longest && c.length > 0)).toBe(true);
        },
      ),
    );
  });

  it('gzips on the way to the file and counts the compressed bytes', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `{"n":${i}}\n`);
    const out = collector();
    const file = counting(out);
    await writeAll(lines, gzipped(file), 4096);
    const bytes = Buffer.concat(out.chunks);
    expect(file.bytes).toBe(bytes.length);
    expect(bytes.length).toBeLessThan(lines.join('').length / 3);
    expect(gunzipSync(bytes).toString()).toBe(lines.join(''));
  });
});
