import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverFiles, discoverInput } from '../../../scripts/ingest/discover';
import { IngestInputError } from '../../../scripts/ingest/errors';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ingest-discover-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const put = (rel: string, body = 'x'): string => {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, body);
  return path;
};

describe('discoverFiles', () => {
  it('walks folders, sizes each file and sorts by key; lists every dotfile and link it skips', async () => {
    put('source=app/ingestion_date=2026-11-21/part-00000.ndjson', 'abc');
    const target = put('source=app/ingestion_date=2026-11-20/part-00001.ndjson', 'abcd');
    put('source=app/ingestion_date=2026-11-20/.DS_Store');
    put('source=app/ingestion_date=2026-11-20/.events.ndjson');
    put('.cache/source=app/ingestion_date=2026-11-20/hidden.ndjson');
    symlinkSync(target, join(root, 'source=app/ingestion_date=2026-11-20/link.ndjson'));
    const { files, skipped } = await discoverInput([root], {});
    expect(files.map((f) => [f.key, f.size])).toEqual([
      ['raw/source=app/ingestion_date=2026-11-20/part-00001.ndjson', 4],
      ['raw/source=app/ingestion_date=2026-11-21/part-00000.ndjson', 3],
    ]);
    expect(skipped).toEqual([
      { path: join(root, '.cache'), reason: 'a hidden folder (name starts with .): not uploaded' },
      {
        path: join(root, 'source=app/ingestion_date=2026-11-20/.DS_Store'),
        reason: 'a dotfile: not uploaded',
      },
      {
        path: join(root, 'source=app/ingestion_date=2026-11-20/.events.ndjson'),
        reason: 'a dotfile: not uploaded',
      },
      {
        path: join(root, 'source=app/ingestion_date=2026-11-20/link.ndjson'),
        reason: 'a symbolic link: not followed; name its target instead',
      },
    ]);
  });

  it('takes single files and flat folders with --source and --date', async () => {
    const a = put('flat/a.csv');
    put('flat/b.csv');
    const files = await discoverFiles([a, join(root, 'flat')], {
      source: 'app',
      date: '2026-11-20',
    });
    expect(files.map((f) => f.key)).toEqual([
      'raw/source=app/ingestion_date=2026-11-20/a.csv',
      'raw/source=app/ingestion_date=2026-11-20/b.csv',
    ]);
  });

  it('refuses two files that would land on the same key', async () => {
    put('one/a.csv');
    put('two/a.csv');
    await expect(discoverFiles([root], { source: 'app', date: '2026-11-20' })).rejects.toThrow(
      /would both upload to raw\/source=app\/ingestion_date=2026-11-20\/a\.csv/,
    );
  });

  it('says which path is missing, and when there is nothing to upload', async () => {
    await expect(discoverFiles([join(root, 'nope')], {})).rejects.toThrow(IngestInputError);
    await expect(discoverFiles([join(root, 'nope')], {})).rejects.toThrow(/nope does not exist/);
    mkdirSync(join(root, 'empty'));
    await expect(discoverFiles([join(root, 'empty')], {})).rejects.toThrow(/no files found/);
    put('hidden/.only.ndjson');
    await expect(discoverFiles([join(root, 'hidden')], {})).rejects.toThrow(
      /no files found in .*hidden \(1 skipped: .*\.only\.ndjson: a dotfile: not uploaded\)/,
    );
  });
});
