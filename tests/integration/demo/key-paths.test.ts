/**
 * Object keys are producer text: `../`, absolute paths and odd characters are valid S3 keys.
 * Copied to disk by `--out` none may write outside its folder
 * (issue 12: a quarantined key once wrote a file two levels above `--out`).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { exportResults } from '../../../scripts/demo/export-results';
import { usePipeline } from '../../helpers/pipeline';

const fx = usePipeline();
let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'key-paths-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** Every file below `dir`, relative to it. */
const filesBelow = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

const ODD_KEYS = [
  'raw/source=app/ingestion_date=2026-11-20/../../../../escape.json',
  'raw/source=app/ingestion_date=2026-11-20/../../../../../../../../tmp/escape2.json',
  '/abs/escape3.json',
  'raw/source=app/ingestion_date=2026-11-20/..\\..\\win.json',
  'raw/source=app/ingestion_date=2026-11-20/a:b\u0001c.json',
  'raw/source=app/./ingestion_date=2026-11-20//dots.json',
];

const written: Array<{ bucket: string; key: string }> = [];
async function put(bucket: string, key: string): Promise<void> {
  await fx().backend.clients.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: `{"key":${JSON.stringify(key)}}\n` }),
  );
  written.push({ bucket, key });
}
// Each test sees only its own objects (the emulator is reset per file, not per test).
afterEach(async () => {
  for (const o of written.splice(0)) {
    await fx().backend.clients.s3.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: o.key }));
  }
});

describe('object keys never leave the folder they are copied to', () => {
  it('--out: odd quarantine keys are neutralised inside the output folder', async () => {
    const { quarantine } = fx().names.buckets;
    for (const key of ODD_KEYS) await put(quarantine, key);
    const stored = await fx().backend.clients.s3.send(
      new ListObjectsV2Command({ Bucket: quarantine }),
    );
    // The emulator keeps the keys as sent: the test is about them, not about normalised copies.
    expect((stored.Contents ?? []).map((o) => o.Key).sort()).toEqual([...ODD_KEYS].sort());

    const out = join(base, 'one', 'two', 'out');
    const report = await exportResults(fx().backend.clients, fx().names, out);
    // The odd keys, and the (empty) curated table's first metadata file the deploy created.
    expect(report).toEqual({ written: ODD_KEYS.length + 1, skipped: [] });
    // Nothing anywhere but below --out; each key has a file of its own there.
    expect(filesBelow(base).every((f) => f.startsWith(join('one', 'two', 'out') + '/'))).toBe(true);
    expect(filesBelow(out).filter((f) => !f.startsWith('tables/'))).toEqual(
      [
        'quarantine/abs/escape3.json',
        'quarantine/raw/source=app/%2E/ingestion_date=2026-11-20/dots.json',
        'quarantine/raw/source=app/ingestion_date=2026-11-20/%2E%2E/%2E%2E/%2E%2E/%2E%2E/escape.json',
        'quarantine/raw/source=app/ingestion_date=2026-11-20/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/tmp/escape2.json',
        'quarantine/raw/source=app/ingestion_date=2026-11-20/..%5C..%5Cwin.json',
        'quarantine/raw/source=app/ingestion_date=2026-11-20/a%3Ab%01c.json',
      ].sort(),
    );
  });
});
