import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PipelineError } from '../../lib/errors/pipeline-error';

/** An S3 call of the transform failed (transient as far as we know: the message is retried). */
export class S3TransferError extends PipelineError {}

/**
 * Runs one S3 call of the transform, translating what the SDK throws into an
 * {@link S3TransferError} that names the call, so the message is retried.
 */
export const wrap = async <T>(
  what: string,
  context: Record<string, unknown>,
  call: () => Promise<T>,
): Promise<T> => {
  try {
    return await call();
  } catch (err) {
    if (err instanceof S3TransferError) throw err;
    throw new S3TransferError(`${what} failed: ${(err as Error).message}`, { cause: err, context });
  }
};

/**
 * Streams one object to a local file (never a whole-object buffer in the heap), pinned to the
 * version the manifest recorded when there is one, and returns the bytes written.
 */
export async function downloadToFile(
  s3: S3Client,
  object: { bucket: string; key: string; versionId?: string },
  path: string,
): Promise<number> {
  const context = { bucket: object.bucket, key: object.key };
  return wrap(`download s3://${object.bucket}/${object.key}`, context, async () => {
    const res = await s3.send(
      new GetObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId }),
    );
    if (!(res.Body instanceof Readable)) throw new Error('response body is not a Node stream');
    await pipeline(res.Body, createWriteStream(path));
    return (await stat(path)).size;
  });
}

/**
 * Uploads a local file as one object with lib-storage (multipart above 8 MB, streamed from
 * disk): the object appears whole at PutObject/CompleteMultipartUpload or not at all, so a
 * reader never sees half an output. Returns the size uploaded.
 */
export async function uploadFile(
  s3: S3Client,
  target: { bucket: string; key: string; contentType: string },
  path: string,
): Promise<number> {
  const size = (await stat(path)).size;
  await wrap(`upload s3://${target.bucket}/${target.key}`, { ...target, size }, async () => {
    const upload = new Upload({
      client: s3,
      params: {
        Bucket: target.bucket,
        Key: target.key,
        Body: createReadStream(path),
        ContentType: target.contentType,
      },
      queueSize: 2,
      partSize: 16 * 1024 * 1024,
      leavePartsOnError: false,
    });
    await upload.done();
  });
  return size;
}

/** Writes a small JSON document (metrics, generation records). */
export async function putJson(
  s3: S3Client,
  target: { bucket: string; key: string },
  value: unknown,
): Promise<void> {
  await wrap(`put s3://${target.bucket}/${target.key}`, target, () =>
    s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: target.key,
        Body: `${JSON.stringify(value, null, 2)}\n`,
        ContentType: 'application/json',
      }),
    ),
  );
}

/** Reads a small JSON document (the manifest). */
export async function getJson(
  s3: S3Client,
  source: { bucket: string; key: string },
): Promise<unknown> {
  return wrap(`get s3://${source.bucket}/${source.key}`, source, async () => {
    const res = await s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }));
    return JSON.parse(await res.Body!.transformToString('utf8')) as unknown;
  });
}

/** Every key under a prefix (paginated). */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  return wrap(`list s3://${bucket}/${prefix}`, { bucket, prefix }, async () => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  });
}

/** Deletes keys in batches of 1000; a per-key error fails the call, naming the key. */
export async function deleteKeys(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    await wrap(`delete ${batch.length} objects from s3://${bucket}`, { bucket }, async () => {
      const res = await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = res.Errors?.[0];
      if (failed) throw new Error(`${failed.Key}: ${failed.Code} ${failed.Message}`);
    });
  }
}
