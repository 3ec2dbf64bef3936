import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3TransferError } from './s3-files';

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

/**
 * Reads the first two bytes of the current version of an object (one ranged GET, which also
 * answers its version, ETag and size): enough to choose between reading it in place and
 * fetching the recorded version, and to recognise gzip by its magic number.
 */
export async function probeObject(s3: S3Client, recorded: RecordedObject): Promise<ObjectProbe> {
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
    const name = (err as { name?: string }).name;
    // An empty object has no byte 0: it is current when its version is.
    if (name === 'InvalidRange') return { ...(await headObject(s3, recorded)), gzip: false };
    throw new S3TransferError(`read s3://${recorded.bucket}/${recorded.key} failed`, {
      cause: err,
      context: { bucket: recorded.bucket, key: recorded.key },
    });
  }
}

/** Whether the current version of an object is still the recorded one (one HEAD). */
export async function headObject(
  s3: S3Client,
  recorded: RecordedObject,
): Promise<{ current: boolean; bytes: number }> {
  try {
    const res = await s3.send(
      new HeadObjectCommand({ Bucket: recorded.bucket, Key: recorded.key }),
    );
    return { current: isRecordedVersion(recorded, res), bytes: res.ContentLength ?? 0 };
  } catch (err) {
    throw new S3TransferError(`head s3://${recorded.bucket}/${recorded.key} failed`, {
      cause: err,
      context: { bucket: recorded.bucket, key: recorded.key },
    });
  }
}
