import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../handlers/lib/aws/clients';
import { PREFIXES, type ResourceNames } from '../../handlers/lib/names';
import { KeyPathError, localPathOfKey } from '../lib/key-path';
import { mapLimit } from '../ops/query/map-limit';

/** What `--out` copies: bucket, key prefix, and the folder under `--out` it lands in. */
const exportsOf = (names: ResourceNames) =>
  [
    { bucket: names.buckets.curated, prefix: PREFIXES.curated, into: '' },
    { bucket: names.buckets.artifacts, prefix: PREFIXES.rejects, into: '' },
    { bucket: names.buckets.artifacts, prefix: PREFIXES.metrics, into: '' },
    { bucket: names.buckets.artifacts, prefix: PREFIXES.manifests, into: '' },
    { bucket: names.buckets.quarantine, prefix: '', into: 'quarantine/' },
  ] as const;

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
 * Copies the curated, rejects, metrics, manifests and quarantine objects into `outDir` with the
 * same key layout (curated objects under `<outDir>/curated/events/ingestion_date=D/`), streamed
 * to disk, so results can be read without the emulator. Keys are any text a producer chose
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
  return { written: written.filter(Boolean).length, skipped };
}
