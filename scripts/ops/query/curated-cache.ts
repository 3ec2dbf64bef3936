import type { S3Client } from '@aws-sdk/client-s3';
import { BucketMissingError, listObjects } from '../list-objects';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { PREFIXES } from '../../../handlers/lib/names';
import { bareEtag } from '../../../handlers/lib/tracking/items';
import { downloadToFile } from '../../../handlers/transform/io/s3-files';
import { cachePathOf, curatedEventsDir } from './cache-dir';
import { mapLimit } from './map-limit';
import { CacheSyncError } from './query-errors';
import { indexAfter, planSync, type RemoteObject, type SyncIndex } from './sync-plan';

/** What a sync did, for the one line the CLI prints. */
export interface SyncReport {
  readonly downloaded: number;
  readonly downloadedBytes: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Objects now in the cache (the curated prefix of the bucket). */
  readonly objects: number;
}

export interface SyncOptions {
  readonly bucket: string;
  /** The cache root (see curatedCacheRoot). */
  readonly root: string;
  /** Download every object again, whatever the index says. */
  readonly refresh?: boolean;
  readonly concurrency?: number;
  readonly onDownloaded?: (key: string) => void;
}

const INDEX_FILE = 'sync-index.json';

async function listCurated(s3: S3Client, bucket: string): Promise<RemoteObject[]> {
  try {
    return (await listObjects(s3, bucket, PREFIXES.curated))
      .filter((o) => o.Key && !o.Key.endsWith('/'))
      .map((o) => ({ key: o.Key!, etag: bareEtag(o.ETag ?? ''), size: o.Size ?? 0 }));
  } catch (err) {
    if (err instanceof BucketMissingError) throw err;
    throw new CacheSyncError(
      `listing s3://${bucket}/${PREFIXES.curated} failed: ${(err as Error).message}`,
      {
        cause: err,
        context: { bucket },
      },
    );
  }
}

async function readIndex(root: string): Promise<SyncIndex | undefined> {
  try {
    return JSON.parse(await readFile(join(root, INDEX_FILE), 'utf8')) as SyncIndex;
  } catch {
    return undefined; // no index or a damaged one: everything is downloaded again
  }
}

async function localSizes(root: string): Promise<Map<string, number>> {
  const dir = curatedEventsDir(root);
  const sizes = new Map<string, number>();
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return sizes;
    throw err;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    const s = await stat(path);
    if (s.isFile()) sizes.set(relative(root, path).split(sep).join('/'), s.size);
  }
  return sizes;
}

/**
 * Mirrors the curated prefix of `bucket` into the cache: one listing, then only new or changed
 * objects (by ETag and size) are downloaded, each to a `.part` file renamed into place, so an
 * interrupted sync never leaves half a Parquet file where DuckDB reads; objects gone from the
 * bucket are deleted locally. Works the same against an emulator and a real account.
 */
export async function syncCuratedCache(s3: S3Client, options: SyncOptions): Promise<SyncReport> {
  const { bucket, root } = options;
  const remote = await listCurated(s3, bucket);
  const plan = planSync(
    bucket,
    remote,
    await readIndex(root),
    await localSizes(root),
    options.refresh,
  );
  for (const key of plan.remove) await rm(cachePathOf(root, key), { force: true });
  const sizes = await mapLimit(plan.download, options.concurrency ?? 8, async (o) => {
    const path = cachePathOf(root, o.key);
    await mkdir(dirname(path), { recursive: true });
    const part = `${path}.part`;
    try {
      const bytes = await downloadToFile(s3, { bucket, key: o.key }, part);
      await rename(part, path);
      options.onDownloaded?.(o.key);
      return bytes;
    } catch (err) {
      await rm(part, { force: true });
      throw new CacheSyncError(
        `downloading s3://${bucket}/${o.key} failed: ${(err as Error).message}`,
        {
          cause: err,
          context: { bucket, key: o.key },
        },
      );
    }
  });
  await mkdir(root, { recursive: true });
  const indexPath = join(root, INDEX_FILE);
  await writeFile(`${indexPath}.part`, JSON.stringify(indexAfter(bucket, remote)));
  await rename(`${indexPath}.part`, indexPath);
  return {
    downloaded: plan.download.length,
    downloadedBytes: sizes.reduce((n, b) => n + b, 0),
    unchanged: plan.unchanged.length,
    removed: plan.remove.length,
    objects: remote.length,
  };
}
