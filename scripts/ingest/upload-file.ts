import { createReadStream } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { SHA256_METADATA } from './checksum';
import type { LocalFile } from './discover';

/** Smallest part S3 accepts in a multipart upload (except the last). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

/** How one file is sent. */
export interface UploadSettings {
  readonly bucket: string;
  /** Files larger than this go in parts of this size (multipart), smaller ones in one PUT. */
  readonly partSize: number;
  /** Parts of one file in flight at once. */
  readonly partConcurrency: number;
}

const CONTENT_TYPES: readonly (readonly [RegExp, string])[] = [
  [/\.gz$/i, 'application/gzip'],
  [/\.(ndjson|jsonl)$/i, 'application/x-ndjson'],
  [/\.json$/i, 'application/json'],
  [/\.csv$/i, 'text/csv'],
];

/**
 * Uploads one file as a producer would, with @aws-sdk/lib-storage (multipart above the part
 * size, parts in parallel, a failed multipart upload aborted), storing the file's SHA-256 in
 * the object's metadata so a later run can tell the object is complete and skip it.
 */
export async function uploadFile(
  s3: S3Client,
  file: LocalFile,
  sha256: string,
  settings: UploadSettings,
  onBytes?: (loaded: number) => void,
): Promise<void> {
  const contentType =
    CONTENT_TYPES.find(([re]) => re.test(file.key))?.[1] ?? 'application/octet-stream';
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: settings.bucket,
      Key: file.key,
      Body: createReadStream(file.path, { highWaterMark: 1024 * 1024 }),
      ContentType: contentType,
      Metadata: { [SHA256_METADATA]: sha256 },
    },
    partSize: settings.partSize,
    queueSize: settings.partConcurrency,
    leavePartsOnError: false,
  });
  if (onBytes) upload.on('httpUploadProgress', (p) => onBytes(p.loaded ?? 0));
  await upload.done();
}
