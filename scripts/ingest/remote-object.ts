import {
  HeadBucketCommand,
  HeadObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { fileDigest, SHA256_METADATA } from './checksum';
import type { LocalFile } from './discover';
import { RawBucketMissingError } from './errors';

const status = (err: unknown): number | undefined =>
  err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;

/**
 * Fails in one line when the raw bucket is missing or not ours to write, before any file is
 * read: a HEAD of a missing bucket's object would look like a missing object, and every file
 * would then fail on its own with the same cause.
 */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const code = status(err);
    if (code === 404) {
      throw new RawBucketMissingError(
        `raw bucket ${bucket} does not exist on the target; provision the stack first (pipeline up, or cdktf deploy)`,
        { cause: err, context: { bucket } },
      );
    }
    if (code === 403) {
      throw new RawBucketMissingError(
        `access to raw bucket ${bucket} is denied; check the credentials and --env`,
        { cause: err, context: { bucket } },
      );
    }
    throw err;
  }
}

/**
 * Why the object at the file's key already holds the file's bytes, or undefined when it must
 * be uploaded: same size and the SHA-256 this tool stored at upload, or (for objects uploaded
 * by other tools in one part) same size and an ETag equal to the file's MD5.
 */
export async function alreadyUploaded(
  s3: S3Client,
  bucket: string,
  file: LocalFile,
  sha256: string,
): Promise<string | undefined> {
  let head;
  try {
    head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: file.key }));
  } catch (err) {
    if (status(err) === 404) return undefined;
    throw err;
  }
  if (head.ContentLength !== file.size) return undefined;
  const stored = head.Metadata?.[SHA256_METADATA];
  if (stored !== undefined) return stored === sha256 ? 'same size and SHA-256' : undefined;
  const etag = head.ETag?.replace(/"/g, '') ?? '';
  if (/^[0-9a-f]{32}$/.test(etag) && etag === (await fileDigest(file.path, 'md5'))) {
    return 'same size and MD5 (ETag)';
  }
  return undefined;
}
