import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../handlers/lib/aws/clients';
import { sqlString } from '../../handlers/lib/contract/sql-text';
import { tableSql } from '../../handlers/lib/iceberg/catalog-session';
import { PARTITION_COLUMN } from '../../handlers/lib/iceberg/curated-schema';
import { withCatalogReader } from '../../handlers/lib/iceberg/table-reader';
import { curatedTableRef, PREFIXES, type ResourceNames } from '../../handlers/lib/names';
import { catalogAccess } from '../ops/catalog/catalog-access';
import { KeyPathError, localPathOfKey } from '../lib/key-path';
import { mapLimit } from '../../handlers/lib/concurrency/map-limit';

/** What `--out` copies as objects: bucket, key prefix, and the folder under `--out` it lands in. */
const exportsOf = (names: ResourceNames) =>
  [
    // The Iceberg tables themselves (data and metadata files), one folder per source.
    { bucket: names.buckets.curated, prefix: PREFIXES.tables, into: '' },
    { bucket: names.buckets.artifacts, prefix: PREFIXES.rejects, into: '' },
    { bucket: names.buckets.artifacts, prefix: PREFIXES.metrics, into: '' },
    { bucket: names.buckets.artifacts, prefix: PREFIXES.manifests, into: '' },
    { bucket: names.buckets.quarantine, prefix: '', into: 'quarantine/' },
  ] as const;

/** The source whose rows the plain Parquet copy holds (the `events` of every earlier release). */
const PLAIN_COPY_SOURCE = 'app';

/**
 * A plain Parquet copy of the `app` table's current rows, one folder per date
 * (`curated/events/ingestion_date=D/*.parquet`, hive style, the date in the folder name), read
 * through the catalog: for people without an Iceberg reader, who would otherwise see every
 * data file the table ever had, deleted rows included. Returns the files written.
 */
async function exportPlainParquet(
  clients: AwsClients,
  names: ResourceNames,
  outDir: string,
): Promise<number> {
  const dir = join(outDir, ...PREFIXES.curated.split('/').filter(Boolean));
  const ref = curatedTableRef(names, PLAIN_COPY_SOURCE);
  await withCatalogReader(await catalogAccess(clients), async (db) => {
    const [n] = await db.rows(`SELECT count(*) AS n FROM ${tableSql(ref)}`);
    if (Number(n?.n ?? 0) === 0) return;
    await mkdir(dir, { recursive: true });
    await db.run(
      `COPY (SELECT * FROM ${tableSql(ref)} ORDER BY ALL) TO ${sqlString(dir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${PARTITION_COLUMN}), OVERWRITE_OR_IGNORE)`,
    );
  });
  try {
    return (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.parquet')).length;
  } catch {
    return 0;
  }
}

/** What an export wrote, and each object it did not write, with why. */
export interface ExportReport {
  readonly written: number;
  readonly skipped: ReadonlyArray<{
    readonly bucket: string;
    readonly key: string;
    readonly reason: string;
  }>;
}

/** File-system refusals of one object's path (a name clash, a name too long): skip, not fail. */
const PATH_ERRORS = new Set(['EEXIST', 'EISDIR', 'ENOTDIR', 'ENAMETOOLONG', 'EINVAL']);

/**
 * Copies the curated tables (their location prefix `tables/<source>/`), rejects, metrics,
 * manifests and quarantine objects into `outDir` with the same key layout, streamed to disk,
 * and writes the plain Parquet copy of the `app` rows under `curated/events/`, so results can
 * be read without the emulator. Keys are any text a producer chose
 * (a quarantined raw key may hold `../`), so each is mapped with {@link localPathOfKey}: never
 * outside `outDir`. An object that cannot be given a path of its own (a folder marker, a key
 * whose neutralised path another object already has, a name the file system refuses) is not
 * written and is listed in the report with the reason.
 */
export async function exportResults(
  clients: AwsClients,
  names: ResourceNames,
  outDir: string,
): Promise<ExportReport> {
  const jobs: Array<{ bucket: string; key: string; path: string }> = [];
  const skipped: Array<{ bucket: string; key: string; reason: string }> = [];
  const taken = new Map<string, string>();
  for (const e of exportsOf(names)) {
    for await (const page of paginateListObjectsV2(
      { client: clients.s3 },
      { Bucket: e.bucket, Prefix: e.prefix },
    )) {
      for (const o of page.Contents ?? []) {
        const key = o.Key ?? '';
        const skip = (reason: string): void => {
          skipped.push({ bucket: e.bucket, key, reason });
        };
        if (key.endsWith('/')) {
          skip('a folder marker (the key ends in /), not a file');
          continue;
        }
        let path: string;
        try {
          path = localPathOfKey(join(outDir, e.into), key);
        } catch (err) {
          if (!(err instanceof KeyPathError)) throw err;
          skip(err.message);
          continue;
        }
        const other = taken.get(path);
        if (other !== undefined) {
          skip(`its local path ${path} is already the copy of ${JSON.stringify(other)}`);
          continue;
        }
        taken.set(path, key);
        jobs.push({ bucket: e.bucket, key, path });
      }
    }
  }
  const written = await mapLimit(jobs, 8, async (job) => {
    try {
      await mkdir(dirname(job.path), { recursive: true });
      const got = await clients.s3.send(new GetObjectCommand({ Bucket: job.bucket, Key: job.key }));
      await pipeline(got.Body as Readable, createWriteStream(job.path));
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === undefined || !PATH_ERRORS.has(code)) throw err;
      skipped.push({
        bucket: job.bucket,
        key: job.key,
        reason: `${code}: ${(err as Error).message}`,
      });
      return false;
    }
  });
  const plainFiles = await exportPlainParquet(clients, names, outDir);
  return { written: written.filter(Boolean).length + plainFiles, skipped };
}
