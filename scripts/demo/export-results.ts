import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../handlers/lib/aws/clients';
import { PREFIXES, type ResourceNames } from '../../handlers/lib/names';
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

/**
 * Copies the curated, rejects, metrics, manifests and quarantine objects into `outDir` with the
 * same key layout (curated objects under `<outDir>/curated/events/ingestion_date=D/`), streamed
 * to disk, so results can be read without the emulator. Returns the number of files written.
 */
export async function exportResults(
  clients: AwsClients,
  names: ResourceNames,
  outDir: string,
): Promise<number> {
  const jobs: Array<{ bucket: string; key: string; path: string }> = [];
  for (const e of exportsOf(names)) {
    for await (const page of paginateListObjectsV2(
      { client: clients.s3 },
      { Bucket: e.bucket, Prefix: e.prefix },
    )) {
      for (const o of page.Contents ?? [])
        jobs.push({ bucket: e.bucket, key: o.Key!, path: join(outDir, e.into, o.Key!) });
    }
  }
  await mapLimit(jobs, 8, async (job) => {
    await mkdir(dirname(job.path), { recursive: true });
    const got = await clients.s3.send(new GetObjectCommand({ Bucket: job.bucket, Key: job.key }));
    await pipeline(got.Body as Readable, createWriteStream(job.path));
  });
  return jobs.length;
}
