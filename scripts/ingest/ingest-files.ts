import type { AwsClients } from '../../handlers/lib/aws/clients';
import { fileDigest } from './checksum';
import type { LocalFile } from './discover';
import { UploadError } from './errors';
import { alreadyUploaded, ensureBucket } from './remote-object';
import { MIN_PART_BYTES, uploadFile, type UploadSettings } from './upload-file';

export interface IngestSettings extends UploadSettings {
  /** Files uploaded at once. */
  readonly concurrency: number;
}

export type FileResult =
  | { readonly file: LocalFile; readonly outcome: 'uploaded'; readonly multipart: boolean }
  | { readonly file: LocalFile; readonly outcome: 'skipped'; readonly reason: string }
  | { readonly file: LocalFile; readonly outcome: 'failed'; readonly error: UploadError };

/**
 * Observers and the fault-injection seam: `beforeUpload`/`afterUpload` may throw to simulate a
 * producer that dies before or right after sending a file; the run records the file as failed
 * and a rerun resumes.
 */
export interface IngestHooks {
  beforeUpload?(file: LocalFile): void | Promise<void>;
  afterUpload?(file: LocalFile): void | Promise<void>;
  onResult?(result: FileResult): void;
  onBytes?(file: LocalFile, loaded: number): void;
}

export interface IngestSummary {
  readonly results: readonly FileResult[];
  readonly uploaded: number;
  readonly uploadedBytes: number;
  readonly skipped: number;
  readonly skippedBytes: number;
  readonly failed: readonly Extract<FileResult, { outcome: 'failed' }>[];
  readonly seconds: number;
}

async function ingestOne(
  clients: Pick<AwsClients, 's3'>,
  file: LocalFile,
  settings: IngestSettings,
  hooks: IngestHooks,
): Promise<FileResult> {
  try {
    const sha256 = await fileDigest(file.path, 'sha256');
    const reason = await alreadyUploaded(clients.s3, settings.bucket, file, sha256);
    if (reason) return { file, outcome: 'skipped', reason };
    await hooks.beforeUpload?.(file);
    await uploadFile(clients.s3, file, sha256, settings, (n) => hooks.onBytes?.(file, n));
    await hooks.afterUpload?.(file);
    return { file, outcome: 'uploaded', multipart: file.size > settings.partSize };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const error = new UploadError(`${file.path} -> ${file.key}: ${why}`, {
      cause: err,
      context: { path: file.path, key: file.key, bucket: settings.bucket },
    });
    return { file, outcome: 'failed', error };
  }
}

/**
 * Uploads files to the raw bucket as a producer would: `concurrency` files at once, multipart
 * above the part size, skipping files whose object is already there with the same size and
 * checksum, so an interrupted run is resumed by running it again. A failing file does not stop
 * the others; the summary lists it.
 */
export async function ingestFiles(
  clients: Pick<AwsClients, 's3'>,
  files: readonly LocalFile[],
  settings: IngestSettings,
  hooks: IngestHooks = {},
): Promise<IngestSummary> {
  if (settings.partSize < MIN_PART_BYTES) {
    throw new RangeError(`partSize must be at least ${MIN_PART_BYTES} bytes (S3's minimum)`);
  }
  const started = process.hrtime.bigint();
  await ensureBucket(clients.s3, settings.bucket);
  const results: FileResult[] = new Array<FileResult>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const result = await ingestOne(clients, files[i]!, settings, hooks);
      results[i] = result;
      hooks.onResult?.(result);
    }
  };
  const workers = Math.max(1, Math.min(settings.concurrency, files.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const sum = (outcome: FileResult['outcome']) => {
    const of = results.filter((r) => r.outcome === outcome);
    return [of.length, of.reduce((a, r) => a + r.file.size, 0)] as const;
  };
  const [uploaded, uploadedBytes] = sum('uploaded');
  const [skipped, skippedBytes] = sum('skipped');
  return {
    results,
    uploaded,
    uploadedBytes,
    skipped,
    skippedBytes,
    failed: results.filter(
      (r): r is Extract<FileResult, { outcome: 'failed' }> => r.outcome === 'failed',
    ),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
