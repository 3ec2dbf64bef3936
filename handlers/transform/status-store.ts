import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ManifestFile } from '../lib/manifest/manifest-document';
import { filesOfDate } from '../lib/tracking/file-repository';
import {
  getManifest,
  markManifestFiles,
  markManifestStatus,
} from '../lib/tracking/manifest-repository';
import { INDEX_SK } from '../lib/tracking/items';
import { FILE_STATUS, MANIFEST_STATUS } from '../lib/tracking/statuses';

/** A tracked raw file of a date, as a rebuild reads it. */
export interface TrackedFile extends ManifestFile {
  readonly source?: string;
  readonly manifestId?: string;
  /** S3 LastModified and tracking time: which of several versions of a key is current. */
  readonly lastModified?: string;
  readonly receivedAt?: string;
}

/**
 * What the transform needs from file and manifest tracking. The core depends on this interface
 * only; {@link dynamoStatusStore} implements it on the files table, tests may fake it.
 */
export interface ManifestStatusStore {
  /** The manifest and its files are done (curated data written). Idempotent. */
  markDone(manifestId: string, ingestionDate: string): Promise<void>;
  /** The manifest and its files failed, with the reasons a person reads. Idempotent. */
  markFailed(manifestId: string, ingestionDate: string, reasons: readonly string[]): Promise<void>;
  /** Every tracked, not quarantined raw file of a date. */
  filesOfDate(ingestionDate: string): Promise<TrackedFile[]>;
}

async function mark(
  t: { ddb: DynamoDBDocumentClient; table: string },
  manifestId: string,
  ingestionDate: string,
  done: boolean,
  reason?: string,
): Promise<void> {
  const ref = { manifest_id: manifestId, ingestion_date: ingestionDate };
  const status = done ? MANIFEST_STATUS.done : MANIFEST_STATUS.failed;
  // Files first: if the run crashes in between, the retry repeats both and ends in the same state.
  const item = await getManifest(t, manifestId);
  if (item) await markManifestFiles(t, item, done ? FILE_STATUS.done : FILE_STATUS.failed);
  await markManifestStatus(t, ref, status, reason === undefined ? {} : { reason });
}

/** The status store on the files table, through the tracking repository functions. */
export function dynamoStatusStore(ddb: DynamoDBDocumentClient, table: string): ManifestStatusStore {
  const t = { ddb, table };
  return {
    markDone: (id, date) => mark(t, id, date, true),
    markFailed: (id, date, reasons) => mark(t, id, date, false, reasons.join('; ')),
    async filesOfDate(date) {
      const items = await filesOfDate(t, date);
      return items.map((f) => ({
        bucket: f.bucket,
        key: f.key,
        ...(f.version_id ? { versionId: f.version_id } : {}),
        etag: f.etag,
        size: f.size,
        ...(f.source ? { source: f.source } : {}),
        ...(f.manifest_id ? { manifestId: f.manifest_id } : {}),
        ...(f.last_modified ? { lastModified: f.last_modified } : {}),
        receivedAt: f[INDEX_SK],
      }));
    },
  };
}
