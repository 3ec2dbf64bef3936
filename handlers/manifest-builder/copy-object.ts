import type { S3Client } from '@aws-sdk/client-s3';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';

/** Largest object a single CopyObject call may copy (5 GiB). */
export const SINGLE_COPY_LIMIT = 5 * 1024 ** 3;
/** Part size of multipart copies: 512 MiB keeps a 5 TiB object under 10,000 parts. */
export const COPY_PART_SIZE = 512 * 1024 ** 2;

/** Source and destination of a copy, with the metadata and tags the destination gets. */
export interface CopySpec {
  readonly fromBucket: string;
  readonly fromKey: string;
  readonly fromVersionId?: string | undefined;
  readonly size: number;
  readonly toBucket: string;
  readonly toKey: string;
  readonly metadata: Record<string, string>;
  /** URL-query encoded tag set (`a=b&c=d`). */
  readonly tagging: string;
}

const copySource = (s: CopySpec): string =>
  `${s.fromBucket}/${encodeURIComponent(s.fromKey)}` +
  (s.fromVersionId ? `?versionId=${encodeURIComponent(s.fromVersionId)}` : '');

/**
 * Copies one object version server-side, replacing metadata and tags: one CopyObject up to
 * 5 GiB, a multipart copy (UploadPartCopy) above, since the S3 API refuses bigger single copies.
 * `partSize` is a parameter so the multipart path is testable with small objects.
 */
export async function copyObject(
  s3: S3Client,
  spec: CopySpec,
  limits: { singleCopyLimit: number; partSize: number } = {
    singleCopyLimit: SINGLE_COPY_LIMIT,
    partSize: COPY_PART_SIZE,
  },
): Promise<void> {
  if (spec.size <= limits.singleCopyLimit) {
    await s3.send(
      new CopyObjectCommand({
        Bucket: spec.toBucket,
        Key: spec.toKey,
        CopySource: copySource(spec),
        MetadataDirective: 'REPLACE',
        Metadata: spec.metadata,
        TaggingDirective: 'REPLACE',
        Tagging: spec.tagging,
      }),
    );
    return;
  }
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: spec.toBucket,
      Key: spec.toKey,
      Metadata: spec.metadata,
      Tagging: spec.tagging,
    }),
  );
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let start = 0, n = 1; start < spec.size; start += limits.partSize, n += 1) {
      const end = Math.min(start + limits.partSize, spec.size) - 1;
      const out = await s3.send(
        new UploadPartCopyCommand({
          Bucket: spec.toBucket,
          Key: spec.toKey,
          UploadId,
          PartNumber: n,
          CopySource: copySource(spec),
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      parts.push({ ETag: out.CopyPartResult?.ETag ?? '', PartNumber: n });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: spec.toBucket,
        Key: spec.toKey,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (err) {
    await s3.send(
      new AbortMultipartUploadCommand({ Bucket: spec.toBucket, Key: spec.toKey, UploadId }),
    );
    throw err;
  }
}
