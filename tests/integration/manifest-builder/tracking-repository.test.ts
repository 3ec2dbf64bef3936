/**
 * The tracking repository on the provisioned files table: claims are atomic per transaction,
 * a manifest that cannot claim its files is abandoned (files back to PENDING), status moves
 * never go backwards, and the reads the transform and the CLI use.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  filesOfDate,
  pendingFilesOfDate,
  putFileItem,
} from '../../../handlers/lib/tracking/file-repository';
import type { FileItem } from '../../../handlers/lib/tracking/items';
import {
  INDEX_PK,
  INDEX_SK,
  PK,
  TTL,
  fileDateStatus,
  fileItemKey,
} from '../../../handlers/lib/tracking/items';
import {
  claimManifestFiles,
  createManifest,
  getManifest,
  markManifestFiles,
  markManifestStatus,
} from '../../../handlers/lib/tracking/manifest-repository';
import { FILE_STATUS, MANIFEST_STATUS } from '../../../handlers/lib/tracking/statuses';
import {
  ManifestConflictError,
  TrackingItemMissingError,
} from '../../../handlers/lib/tracking/tracking-errors';
import { finishManifest, manifestRecord } from '../../../handlers/manifest-builder/emit-manifest';
import { usePipeline } from '../../helpers/pipeline';
import { SMALL_FILES, builderDeps } from './support';

const fx = usePipeline();
const table = () => ({ ddb: fx().backend.clients.ddb, table: fx().names.tables.files });

function pendingFile(date: string, name: string): FileItem {
  const key = `raw/source=app/ingestion_date=${date}/${name}`;
  const now = new Date();
  return {
    [PK]: fileItemKey({ bucket: 'raw', key, etag: `etag-${name}` }),
    [INDEX_SK]: now.toISOString(),
    [TTL]: Math.floor(now.getTime() / 1000) + 3600,
    [INDEX_PK]: fileDateStatus(date, FILE_STATUS.pending),
    kind: 'file',
    bucket: 'raw',
    key,
    etag: `etag-${name}`,
    size: 10,
    status: FILE_STATUS.pending,
    source: 'app',
    ingestion_date: date,
  };
}

async function track(date: string, names: string[]): Promise<FileItem[]> {
  const files = names.map((n) => pendingFile(date, n));
  for (const f of files) expect(await putFileItem(table(), f)).toBe('created');
  return files;
}

it('claims all files of a manifest or none', async () => {
  const date = '2026-05-01';
  const [f1, f2, f3] = await track(date, ['a.json', 'b.json', 'c.json']);
  const d = builderDeps(fx(), SMALL_FILES);
  await createManifest(table(), manifestRecord(d, date, 'app', [f3!]));
  const overlapping = manifestRecord(d, date, 'app', [f1!, f2!, f3!]);
  await expect(createManifest(table(), overlapping)).rejects.toBeInstanceOf(ManifestConflictError);
  expect(await getManifest(table(), overlapping.manifest_id)).toBeUndefined();
  expect((await pendingFilesOfDate(table(), date)).map((f) => f.key).sort()).toEqual([
    f1!.key,
    f2!.key,
  ]);
});

it('abandons a CREATED manifest whose file was taken, returning its files to PENDING', async () => {
  const date = '2026-05-02';
  const [f1, f2, f3] = await track(date, ['a.json', 'b.json', 'c.json']);
  const d = builderDeps(fx(), SMALL_FILES);
  // A crash after the first chunk of a big manifest: record written, only f1 claimed so far...
  const stuck = manifestRecord(d, date, 'app', [f1!, f2!, f3!]);
  await fx().backend.clients.ddb.send(new PutCommand({ TableName: table().table, Item: stuck }));
  await claimManifestFiles(table(), { ...stuck, file_keys: [f1![PK]] });
  // ...and meanwhile f3 went into another manifest.
  const other = manifestRecord(d, date, 'app', [f3!]);
  await createManifest(table(), other);

  expect(await finishManifest(d, stuck)).toBe(false);
  expect(await getManifest(table(), stuck.manifest_id)).toBeUndefined();
  expect((await pendingFilesOfDate(table(), date)).map((f) => f.key).sort()).toEqual([
    f1!.key,
    f2!.key,
  ]);
});

it('moves manifest and file statuses for the transform, never backwards with `from`', async () => {
  const date = '2026-05-03';
  const files = await track(date, ['a.json', 'b.json']);
  const d = builderDeps(fx(), SMALL_FILES);
  const m = manifestRecord(d, date, 'app', files);
  await createManifest(table(), m);
  expect(await markManifestStatus(table(), m, MANIFEST_STATUS.done)).toBe(true);
  expect(
    await markManifestStatus(table(), m, MANIFEST_STATUS.queued, {
      from: [MANIFEST_STATUS.created],
    }),
  ).toBe(false);
  expect((await getManifest(table(), m.manifest_id))?.status).toBe(MANIFEST_STATUS.done);
  await markManifestFiles(table(), m, FILE_STATUS.done);
  const all = await filesOfDate(table(), date);
  expect(all.map((f) => [f.key, f.status, f.manifest_id])).toEqual(
    expect.arrayContaining(files.map((f) => [f.key, FILE_STATUS.done, m.manifest_id])),
  );
  const [stranger] = await track(date, ['c.json']);
  await expect(
    markManifestFiles(table(), { ...m, file_keys: [stranger![PK]] }, FILE_STATUS.done),
  ).rejects.toBeInstanceOf(TrackingItemMissingError);
});
