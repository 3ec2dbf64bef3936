/**
 * Shapes of the items the pipeline keeps in the files table, and the keys that address them. The
 * builder, the transform and the operator CLI read and write them only through the repository
 * functions of this folder, so no other module spells a DynamoDB expression against them.
 *
 * - File item, key `s3://<bucket>/<key>#<versionId-or-etag>`: one per object version, so a
 *   duplicate notification hits the same item (no-op) and a re-upload is a new file.
 *   Index attribute `<date>#<FILE_STATUS>` (e.g. `2026-11-20#PENDING`), sort `received_at`.
 * - Manifest item, key `MANIFEST#<id>`: the manifest and the keys of its files.
 *   Index attribute `<date>#MANIFEST#<MANIFEST_STATUS>`, so CREATED manifests of a date are one
 *   Query away when a crashed build must be completed.
 * - Date marker, key `DATE#<date>`: index attribute `DATES#OPEN`, so the scheduled flush finds
 *   every date that had files tracked without scanning the table.
 */
import { TABLE_KEYS } from '../names';
import type { FileStatus, ManifestStatus } from './statuses';

export const PK = TABLE_KEYS.files.partitionKey;
export const INDEX_PK = TABLE_KEYS.files.indexPartitionKey;
export const INDEX_SK = TABLE_KEYS.files.indexSortKey;
export const TTL = TABLE_KEYS.ttlAttribute;
export const LOCK_PK = TABLE_KEYS.locks.partitionKey;

/** How long tracking items, manifests and date markers are kept (TTL). */
export const TRACKING_RETENTION_DAYS = 90;

/** Index partition of the date markers. */
export const OPEN_DATES = 'DATES#OPEN';
/**
 * Index partition of quarantined files whose key gave no ingestion date (a bad or missing
 * `ingestion_date=`, a key outside the layout, an undecodable key): without it they would be
 * in no date's partition, and missing from `quarantine list` and the demo's summary.
 */
export const UNDATED_QUARANTINE = 'UNDATED#QUARANTINED';

interface Keyed {
  readonly [PK]: string;
  readonly [INDEX_SK]: string;
  readonly [TTL]: number;
}

/** A tracked raw object version. */
export interface FileItem extends Keyed {
  readonly kind: 'file';
  readonly bucket: string;
  readonly key: string;
  readonly version_id?: string;
  readonly etag: string;
  readonly size: number;
  readonly status: FileStatus;
  /** Absent for quarantined objects whose key gave no source or date. */
  readonly source?: string;
  readonly ingestion_date?: string;
  readonly [INDEX_PK]?: string;
  readonly last_modified?: string;
  readonly manifest_id?: string;
  /** Quarantine reason, readable. */
  readonly reason?: string;
  readonly reason_codes?: readonly string[];
  /** Where the quarantined copy is (quarantine bucket, same key); absent when nothing to copy. */
  readonly quarantine_key?: string;
}

/** A manifest: its files by tracking key, its document and its state. */
export interface ManifestItem extends Keyed {
  readonly kind: 'manifest';
  readonly manifest_id: string;
  readonly ingestion_date: string;
  readonly source: string;
  readonly status: ManifestStatus;
  readonly [INDEX_PK]: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly file_keys: readonly string[];
  readonly file_count: number;
  readonly total_bytes: number;
  readonly document_bucket: string;
  readonly document_key: string;
  readonly reason?: string;
}

/** A date that had files tracked; refreshed on every tracking. */
export interface DateMarkerItem extends Keyed {
  readonly kind: 'date';
  readonly ingestion_date: string;
  readonly [INDEX_PK]: typeof OPEN_DATES;
}

/** The identity of one object version: what makes two notifications "the same file". */
export interface ObjectIdentity {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string | undefined;
  readonly etag: string;
}

/** Strips the quotes S3 puts around ETags, so HEAD and event values compare equal. */
export const bareEtag = (etag: string): string => etag.replace(/^"+|"+$/g, '');

/** Tracking key of an object version: the version id when there is one, else the ETag. */
export const fileItemKey = (o: ObjectIdentity): string =>
  `s3://${o.bucket}/${o.key}#${o.versionId ?? bareEtag(o.etag)}`;

export const manifestItemKey = (manifestId: string): string => `MANIFEST#${manifestId}`;
export const dateMarkerKey = (date: string): string => `DATE#${date}`;
export const fileDateStatus = (date: string, status: FileStatus): string => `${date}#${status}`;
export const manifestDateStatus = (date: string, status: ManifestStatus): string =>
  `${date}#MANIFEST#${status}`;

/** Epoch seconds at which an item written at `now` expires. */
export const expiresAt = (now: Date): number =>
  Math.floor(now.getTime() / 1000) + TRACKING_RETENTION_DAYS * 86_400;
