import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gzipProblem } from '../../../handlers/transform/convert/gzip-check';

describe('gzip integrity check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gzip-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const gz = gzipSync(Buffer.from('{"a":1}\n'.repeat(10_000)));

  it('accepts a complete gzip stream', async () => {
    expect(await gzipProblem(write('ok.gz', gz))).toBeUndefined();
  });

  it('names truncation, which DuckDB alone would read up to the cut', async () => {
    const problem = await gzipProblem(write('cut.gz', gz.subarray(0, gz.length - 10)));
    expect(problem).toMatch(/^gzip stream is truncated or corrupt \(unexpected end of file\)$/);
  });

  it('names corruption', async () => {
    const bad = Buffer.from(gz);
    bad.fill(0x55, 20, 60);
    expect(await gzipProblem(write('bad.gz', bad))).toMatch(/^gzip stream is truncated or corrupt/);
  });
});
