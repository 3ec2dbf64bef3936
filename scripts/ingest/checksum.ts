import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** User metadata key holding the base64 SHA-256 of the uploaded bytes (`x-amz-meta-sha256`). */
export const SHA256_METADATA = 'sha256';

/**
 * Digest of a file's bytes, streamed. SHA-256 is stored with each upload, because a multipart
 * object's ETag is not a digest of its content and cannot be compared with a local file.
 */
export async function fileDigest(path: string, algorithm: 'sha256' | 'md5'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest(algorithm === 'sha256' ? 'base64' : 'hex');
}
