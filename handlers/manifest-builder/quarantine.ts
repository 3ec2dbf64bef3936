import { putFileItem } from '../lib/tracking/file-repository';
import type { FileItem, ObjectIdentity } from '../lib/tracking/items';
import {
  INDEX_PK,
  INDEX_SK,
  PK,
  TTL,
  UNDATED_QUARANTINE,
  bareEtag,
  expiresAt,
  fileDateStatus,
  fileItemKey,
} from '../lib/tracking/items';
import { FILE_STATUS } from '../lib/tracking/statuses';
import { copyObject } from './copy-object';
import type { BuilderDeps } from './dependencies';
import { clock, filesTable } from './dependencies';
import { QuarantineCopyError } from './errors';
import type { Problem } from './validation';
import { describeProblems } from './validation';

/** An invalid object: what is known of it, and why it is rejected. */
export interface QuarantineCase {
  readonly identity: ObjectIdentity;
  readonly problems: readonly Problem[];
  /** Size and date when HEAD found the object; undefined when there is nothing to copy. */
  readonly found?: { readonly size: number; readonly lastModified: Date } | undefined;
  readonly source?: string | undefined;
  readonly ingestionDate?: string | undefined;
}

/** S3 metadata must be printable ASCII; keep the reason readable and within limits. */
const asciiMetadata = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 1500);

/**
 * Puts an invalid object aside: a copy in the quarantine bucket under the same key, carrying the
 * reason as metadata and the problem codes as tags, then a QUARANTINED tracking item with the
 * reason, so it never enters a manifest and a person can read why. Copy first, record second:
 * a crash in between is completed by the retried notification. Returns whether the tracking
 * item is new (false: a duplicate notification).
 */
export async function quarantineObject(d: BuilderDeps, c: QuarantineCase): Promise<boolean> {
  const reason = describeProblems(c.problems);
  const codes = c.problems.map((p) => p.code);
  if (c.found) {
    try {
      await copyObject(d.clients.s3, {
        fromBucket: c.identity.bucket,
        fromKey: c.identity.key,
        fromVersionId: c.identity.versionId,
        size: c.found.size,
        toBucket: d.config.quarantineBucket,
        toKey: c.identity.key,
        metadata: {
          'quarantine-reason': asciiMetadata(reason),
          'source-bucket': c.identity.bucket,
          'source-version': c.identity.versionId ?? bareEtag(c.identity.etag),
        },
        tagging: new URLSearchParams({ quarantine: codes.join(' ') }).toString(),
      });
    } catch (err) {
      throw new QuarantineCopyError(`could not copy ${c.identity.key} to quarantine`, {
        cause: err,
        context: { bucket: c.identity.bucket, key: c.identity.key, reason },
      });
    }
  }
  const now = clock(d);
  const item: FileItem = {
    [PK]: fileItemKey(c.identity),
    [INDEX_SK]: now.toISOString(),
    [TTL]: expiresAt(now),
    kind: 'file',
    bucket: c.identity.bucket,
    key: c.identity.key,
    ...(c.identity.versionId ? { version_id: c.identity.versionId } : {}),
    etag: bareEtag(c.identity.etag),
    size: c.found?.size ?? 0,
    status: FILE_STATUS.quarantined,
    ...(c.source ? { source: c.source } : {}),
    ...(c.ingestionDate
      ? {
          ingestion_date: c.ingestionDate,
          [INDEX_PK]: fileDateStatus(c.ingestionDate, FILE_STATUS.quarantined),
        }
      : { [INDEX_PK]: UNDATED_QUARANTINE }),
    ...(c.found ? { last_modified: c.found.lastModified.toISOString() } : {}),
    reason,
    reason_codes: codes,
    ...(c.found ? { quarantine_key: c.identity.key } : {}),
  };
  const result = await putFileItem(filesTable(d), item);
  d.logger.warn('object quarantined', {
    key: c.identity.key,
    reason,
    duplicate: result === 'duplicate',
  });
  return result === 'created';
}
