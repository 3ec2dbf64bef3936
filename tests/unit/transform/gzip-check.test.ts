import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gzipProblem, scanGzip } from '../../../handlers/transform/convert/gzip-check';

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

  it('counts the lines of a stream that stays within the size limit', async () => {
    const scan = await scanGzip(write('within.gz', gz), 80_000);
    expect(scan).toEqual({ problem: undefined, lines: 10_000 });
  });

  it('stops at the size limit, naming it, without counting the lines', async () => {
    const big = gzipSync(Buffer.from('{"a":1}\n'.repeat(400_000)));
    const scan = await scanGzip(write('bomb.gz', big), 1024 * 1024);
    expect(scan).toEqual({
      problem:
        'the gzip stream expands past 1 MB, more than one transform run stages; send it in smaller files',
      lines: undefined,
    });
  });

  it('names corruption', async () => {
    const bad = Buffer.from(gz);
    bad.fill(0x55, 20, 60);
    expect(await gzipProblem(write('bad.gz', bad))).toMatch(/^gzip stream is truncated or corrupt/);
  });
});
