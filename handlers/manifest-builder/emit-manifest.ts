import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { ManifestDocument, ManifestMessage } from '../lib/manifest/manifest-document';
import {
  MANIFEST_SCHEMA_VERSION,
  manifestDocumentSchema,
  manifestMessageSchema,
} from '../lib/manifest/manifest-document';
import { manifestIdOf } from '../lib/manifest/manifest-id';
import { objectKeys } from '../lib/object-keys';
import { getItems } from '../lib/tracking/file-repository';
import type { FileItem, ManifestItem } from '../lib/tracking/items';
import {
  INDEX_PK,
  INDEX_SK,
  PK,
  TTL,
  expiresAt,
  manifestDateStatus,
  manifestItemKey,
} from '../lib/tracking/items';
import {
  claimManifestFiles,
  createManifest,
  getManifest,
  markManifestStatus,
} from '../lib/tracking/manifest-repository';
import { abandonManifest } from '../lib/tracking/abandon-manifest';
import { MANIFEST_STATUS } from '../lib/tracking/statuses';
import { ManifestConflictError } from '../lib/tracking/tracking-errors';
import type { BuilderDeps } from './dependencies';
import { clock, filesTable } from './dependencies';
import { ManifestPublishError } from './errors';

/** The record of a new manifest over `files` (all of one date and source). */
export function manifestRecord(
  d: BuilderDeps,
  date: string,
  source: string,
  files: readonly FileItem[],
): ManifestItem {
  const keys = files.map((f) => f[PK]).sort();
  const id = manifestIdOf(keys);
  const now = clock(d);
  return {
    [PK]: manifestItemKey(id),
    [INDEX_PK]: manifestDateStatus(date, MANIFEST_STATUS.created),
    [INDEX_SK]: now.toISOString(),
    [TTL]: expiresAt(now),
    kind: 'manifest',
    manifest_id: id,
    ingestion_date: date,
    source,
    status: MANIFEST_STATUS.created,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    file_keys: keys,
    file_count: keys.length,
    total_bytes: files.reduce((n, f) => n + f.size, 0),
    document_bucket: d.config.artifactsBucket,
    document_key: objectKeys.manifest(date, id),
  };
}

/** The manifest document: a pure function of the record and its files, so rewrites are equal. */
export function manifestDocument(m: ManifestItem, files: readonly FileItem[]): ManifestDocument {
  const byKey = new Map(files.map((f) => [f[PK], f]));
  return manifestDocumentSchema.parse({
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    manifestId: m.manifest_id,
    source: m.source,
    ingestionDate: m.ingestion_date,
    createdAt: m.created_at,
    fileCount: m.file_count,
    totalBytes: m.total_bytes,
    files: m.file_keys.map((k) => {
      const f = byKey.get(k);
      if (!f)
        throw new ManifestPublishError(`file ${k} of manifest ${m.manifest_id} is not tracked`);
      return { bucket: f.bucket, key: f.key, versionId: f.version_id, etag: f.etag, size: f.size };
    }),
  });
}

/**
 * Emits one planned batch: records the manifest and claims its files (CREATED), then finishes
 * it. Returns false when the files were taken meanwhile (nothing written, they stay where they
 * are). A manifest already recorded under the same id (a retry) is finished, not duplicated.
 */
export async function emitManifest(
  d: BuilderDeps,
  date: string,
  source: string,
  files: readonly FileItem[],
): Promise<boolean> {
  const fresh = manifestRecord(d, date, source, files);
  const existing = await getManifest(filesTable(d), fresh.manifest_id);
  if (existing && existing.status !== MANIFEST_STATUS.created) return false;
  let claimed = 0;
  if (!existing) {
    try {
      claimed = await createManifest(filesTable(d), fresh);
    } catch (err) {
      if (!(err instanceof ManifestConflictError)) throw err;
      d.logger.warn('files were taken by another manifest; replanning later', { ...err.context });
      return false;
    }
  }
  return finishManifest(d, existing ?? fresh, files, claimed);
}

/**
 * Completes a CREATED manifest, every step idempotent: claim the files not yet claimed, write
 * the document (deterministic overwrite), send the message, mark QUEUED. Whoever holds the date
 * lock next re-runs it after a crash at any step. A manifest that cannot claim a file (another
 * manifest has it) is abandoned: its files return to PENDING. Returns whether it was queued.
 */
export async function finishManifest(
  d: BuilderDeps,
  m: ManifestItem,
  known?: readonly FileItem[],
  alreadyClaimed = 0,
): Promise<boolean> {
  const t = filesTable(d);
  try {
    if (alreadyClaimed < m.file_keys.length) await claimManifestFiles(t, m, alreadyClaimed);
  } catch (err) {
    if (!(err instanceof ManifestConflictError)) throw err;
    d.logger.error('manifest cannot claim its files; abandoning it', { ...err.context });
    await abandonManifest(t, m);
    return false;
  }
  await d.hooks?.afterManifestRecorded?.(m.manifest_id);
  const files = known ?? (await getItems<FileItem>(t, m.file_keys));
  const body = JSON.stringify(manifestDocument(m, files));
  const message: ManifestMessage = manifestMessageSchema.parse({
    kind: 'manifest',
    manifestId: m.manifest_id,
    ingestionDate: m.ingestion_date,
    bucket: m.document_bucket,
    key: m.document_key,
  });
  await publish(m, 'write the document of', () =>
    d.clients.s3.send(
      new PutObjectCommand({
        Bucket: m.document_bucket,
        Key: m.document_key,
        Body: body,
        ContentType: 'application/json',
      }),
    ),
  );
  await d.hooks?.afterDocumentWritten?.(m.manifest_id);
  await publish(m, 'send the message of', () =>
    d.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: d.config.manifestQueueUrl,
        MessageBody: JSON.stringify(message),
      }),
    ),
  );
  await d.hooks?.afterMessageSent?.(m.manifest_id);
  await markManifestStatus(t, m, MANIFEST_STATUS.queued, {
    from: [MANIFEST_STATUS.created],
    now: clock(d),
  });
  d.logger.info('manifest queued', {
    manifestId: m.manifest_id,
    date: m.ingestion_date,
    files: m.file_count,
  });
  return true;
}

async function publish(m: ManifestItem, what: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    throw new ManifestPublishError(`could not ${what} manifest ${m.manifest_id}`, {
      cause: err,
      context: { manifestId: m.manifest_id, key: m.document_key },
    });
  }
}
