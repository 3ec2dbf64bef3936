import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { wrap } from './s3-files';

/** A raw object as the manifest recorded it. */
export interface RecordedObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly etag: string;
}

/** What the current version of a raw object is, and whether its bytes start as gzip. */
export interface ObjectProbe {
  /** The current version is the one the manifest recorded (same version id, or same ETag). */
  readonly current: boolean;
  readonly gzip: boolean;
  readonly bytes: number;
}

const unquote = (etag: string | undefined): string => (etag ?? '').replace(/^"|"$/g, '');

/**
 * True when an S3 answer (version id, ETag) names the version the manifest recorded: by version
 * id when the manifest has one (a versioned bucket), else by ETag (the bytes' digest).
 */
export function isRecordedVersion(
  recorded: RecordedObject,
  seen: { readonly VersionId?: string; readonly ETag?: string },
): boolean {
  if (recorded.versionId !== undefined) return seen.VersionId === recorded.versionId;
  return unquote(seen.ETag) !== '' && unquote(seen.ETag) === unquote(recorded.etag);
}

/** The current version is gone (a delete marker, or no object): only a pinned fetch reads it. */
const isMissing = (err: unknown): boolean => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

const GONE: ObjectProbe = { current: false, gzip: false, bytes: 0 };

/**
 * Reads the first two bytes of the current version of an object (one ranged GET, which also
 * answers its version, ETag and size): enough to choose between reading it in place and
 * fetching the recorded version, and to recognise gzip by its magic number. An object whose
 * current version is gone is not current (its recorded version may still be fetched).
 */
export async function probeObject(s3: S3Client, recorded: RecordedObject): Promise<ObjectProbe> {
  const where = { bucket: recorded.bucket, key: recorded.key };
  return wrap(`read s3://${recorded.bucket}/${recorded.key}`, where, async () => {
    try {
      const res = await s3.send(
        new GetObjectCommand({ Bucket: recorded.bucket, Key: recorded.key, Range: 'bytes=0-1' }),
      );
      const head = Buffer.from((await res.Body?.transformToByteArray()) ?? []);
      const total = /\/(\d+)$/.exec(res.ContentRange ?? '')?.[1];
      return {
        current: isRecordedVersion(recorded, res),
        gzip: head.length === 2 && head[0] === 0x1f && head[1] === 0x8b,
        bytes: total === undefined ? (res.ContentLength ?? 0) : Number(total),
      };
    } catch (err) {
      if (isMissing(err)) return GONE;
      throw err;
    }
  });
}

/** Whether the current version of an object is still the recorded one (one HEAD). */
export async function isStillRecorded(s3: S3Client, recorded: RecordedObject): Promise<boolean> {
  const where = { bucket: recorded.bucket, key: recorded.key };
  return wrap(`head s3://${recorded.bucket}/${recorded.key}`, where, async () => {
    try {
      const res = await s3.send(
        new HeadObjectCommand({ Bucket: recorded.bucket, Key: recorded.key }),
      );
      return isRecordedVersion(recorded, res);
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  });
}
