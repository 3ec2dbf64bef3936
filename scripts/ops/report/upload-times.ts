import type { FilesTable } from '../../../handlers/lib/tracking/file-repository';
import { getItems } from '../../../handlers/lib/tracking/file-repository';
import { INDEX_SK, type FileItem } from '../../../handlers/lib/tracking/items';
import { getManifest } from '../../../handlers/lib/tracking/manifest-repository';
import { mapLimit } from '../../../handlers/lib/concurrency/map-limit';
import type { ReportedMetrics } from './metrics-documents';

/** When each raw file of a run was uploaded (ISO-8601), by run id. */
export type UploadTimes = ReadonlyMap<string, readonly string[]>;

/** A file's upload time: S3's Last-Modified as the builder recorded it, else when it was tracked. */
export const uploadTimeOf = (f: FileItem): string | undefined => f.last_modified ?? f[INDEX_SK];

/**
 * Upload times of the raw files of each manifest run, from the tracking table (the manifest
 * item lists its files; each file item keeps S3's Last-Modified), so latency is measured from
 * the producer's upload, not from when the builder got to it. Rebuild runs are left out: they
 * reprocess files that were curated long before, and would report the age of the data instead.
 * A manifest whose tracking items expired is simply absent.
 */
export async function uploadTimesOfRuns(
  t: FilesTable,
  docs: readonly ReportedMetrics[],
): Promise<UploadTimes> {
  const runs = docs.filter((d) => d.kind === 'manifest');
  const entries = await mapLimit(runs, 4, async (d): Promise<[string, string[]] | undefined> => {
    const manifest = await getManifest(t, d.runId);
    if (!manifest) return undefined;
    const files = await getItems<FileItem>(t, manifest.file_keys);
    const times = files.map(uploadTimeOf).filter((x): x is string => x !== undefined);
    return [d.runId, times];
  });
  return new Map(entries.filter((e): e is [string, string[]] => e !== undefined));
}
