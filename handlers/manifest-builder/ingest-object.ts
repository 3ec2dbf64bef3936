import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { HeadObjectCommand, ListObjectVersionsCommand, NotFound } from '@aws-sdk/client-s3';
import { touchDate } from '../lib/tracking/date-markers';
import { putFileItem } from '../lib/tracking/file-repository';
import type { FileItem, ObjectIdentity } from '../lib/tracking/items';
import {
  INDEX_PK,
  INDEX_SK,
  PK,
  TTL,
  bareEtag,
  expiresAt,
  fileDateStatus,
  fileItemKey,
} from '../lib/tracking/items';
import { FILE_STATUS } from '../lib/tracking/statuses';
import type { BuilderDeps } from './dependencies';
import { clock, filesTable } from './dependencies';
import { ObjectReadError } from './errors';
import { quarantineObject } from './quarantine';
import { decodeNotificationKey } from './raw-key';
import type { NotifiedObject } from './s3-notification';
import { validateObject } from './validation';

/** What happened to one notified object. */
export type IngestOutcome =
  | { readonly kind: 'tracked'; readonly ingestionDate: string }
  | { readonly kind: 'duplicate'; readonly ingestionDate: string | undefined }
  | { readonly kind: 'quarantined'; readonly duplicate: boolean };

interface Head {
  readonly size: number;
  readonly lastModified: Date;
  readonly versionId: string | undefined;
  readonly etag: string;
}

async function headObject(
  d: BuilderDeps,
  bucket: string,
  key: string,
  versionId: string | undefined,
): Promise<Head | undefined> {
  let out: HeadObjectCommandOutput;
  try {
    out = await d.clients.s3.send(
      new HeadObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
      }),
    );
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (err instanceof NotFound || status === 404) return undefined;
    throw new ObjectReadError(`HEAD ${bucket}/${key} failed`, {
      cause: err,
      context: { bucket, key },
    });
  }
  return {
    size: out.ContentLength ?? 0,
    lastModified: out.LastModified ?? clock(d),
    versionId: out.VersionId && out.VersionId !== 'null' ? out.VersionId : versionId,
    etag: bareEtag(out.ETag ?? ''),
  };
}

/**
 * The version a notification is about. With a version id in the event, that version. Without
 * one (some emulators omit it), the current object, unless its ETag differs from the event's:
 * the key was overwritten since, so the notified version is looked up by ETag among the key's
 * versions. Undefined when the notified object is gone (deleted, or overwritten unversioned).
 */
async function notifiedVersion(
  d: BuilderDeps,
  o: NotifiedObject,
  key: string,
): Promise<Head | undefined> {
  const head = await headObject(d, o.bucket, key, o.versionId);
  if (!head || o.versionId || !o.eTag || head.etag === bareEtag(o.eTag)) return head;
  const versions = await d.clients.s3.send(
    new ListObjectVersionsCommand({ Bucket: o.bucket, Prefix: key }),
  );
  const match = (versions.Versions ?? []).find(
    (v) => v.Key === key && bareEtag(v.ETag ?? '') === bareEtag(o.eTag ?? '') && v.VersionId,
  );
  return match ? headObject(d, o.bucket, key, match.VersionId) : undefined;
}

/** Writes the date marker of a date; callers may share one write per date across a batch. */
export type DateToucher = (date: string) => Promise<void>;

/**
 * A toucher that writes each date's marker once, however many objects of the batch share it
 * (the marker is only a pointer for the flush; one write per batch and date is enough).
 */
export function oncePerDate(d: BuilderDeps): DateToucher {
  const written = new Map<string, Promise<void>>();
  return (date) => {
    let pending = written.get(date);
    if (!pending) {
      pending = touchDate(filesTable(d), date, clock(d));
      written.set(date, pending);
      // A failed write is retried by the next object of that date, not remembered.
      pending.catch(() => written.delete(date));
    }
    return pending;
  };
}

/** Identity of an object that could not be read: whatever the notification carried. */
const eventIdentity = (o: NotifiedObject, key: string): ObjectIdentity => ({
  bucket: o.bucket,
  key,
  versionId: o.versionId,
  etag: bareEtag(o.eTag ?? o.sequencer ?? 'unknown'),
});

/**
 * Takes one notified object through HEAD, validation and tracking: a valid object becomes a
 * PENDING file item (a duplicate notification or a re-delivery is a no-op), an invalid or
 * vanished one a quarantine record with its reason. The date marker is written before the file
 * item, so the scheduled flush can always find a pending file.
 */
export async function ingestObject(
  d: BuilderDeps,
  o: NotifiedObject,
  touch: DateToucher = (date) => touchDate(filesTable(d), date, clock(d)),
): Promise<IngestOutcome> {
  const decoded = decodeNotificationKey(o.encodedKey);
  const key = decoded ?? o.encodedKey;
  const head = await notifiedVersion(d, o, key);
  if (decoded === undefined || head === undefined) {
    const problem =
      decoded === undefined
        ? {
            code: 'undecodable-key' as const,
            reason: `key "${o.encodedKey}" is not valid URL encoding`,
          }
        : {
            code: 'not-found' as const,
            reason: 'object was deleted (or overwritten) before it could be read (HEAD: 404)',
          };
    const identity = head
      ? { bucket: o.bucket, key, versionId: head.versionId, etag: head.etag }
      : eventIdentity(o, key);
    const created = await quarantineObject(d, { identity, problems: [problem], found: head });
    return { kind: 'quarantined', duplicate: !created };
  }
  const identity: ObjectIdentity = {
    bucket: o.bucket,
    key,
    versionId: head.versionId,
    etag: head.etag,
  };
  const verdict = validateObject(
    { key, size: head.size, lastModified: head.lastModified },
    d.config.validation,
  );
  if (!verdict.valid) {
    const created = await quarantineObject(d, {
      identity,
      problems: verdict.problems,
      found: head,
      source: verdict.source,
      ingestionDate: verdict.ingestionDate,
    });
    return { kind: 'quarantined', duplicate: !created };
  }
  const now = clock(d);
  await touch(verdict.ingestionDate);
  const item: FileItem = {
    [PK]: fileItemKey(identity),
    [INDEX_SK]: now.toISOString(),
    [TTL]: expiresAt(now),
    [INDEX_PK]: fileDateStatus(verdict.ingestionDate, FILE_STATUS.pending),
    kind: 'file',
    bucket: o.bucket,
    key,
    ...(identity.versionId ? { version_id: identity.versionId } : {}),
    etag: head.etag,
    size: head.size,
    status: FILE_STATUS.pending,
    source: verdict.source,
    ingestion_date: verdict.ingestionDate,
    last_modified: head.lastModified.toISOString(),
  };
  const result = await putFileItem(filesTable(d), item);
  d.logger.debug('file tracked', { key, result, ingestionDate: verdict.ingestionDate });
  return result === 'created'
    ? { kind: 'tracked', ingestionDate: verdict.ingestionDate }
    : { kind: 'duplicate', ingestionDate: verdict.ingestionDate };
}
