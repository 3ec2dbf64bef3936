import { randomUUID } from 'node:crypto';
import type { PlannableFile } from '../lib/manifest/batching';
import { planBatches } from '../lib/manifest/batching';
import type { HeldLock } from '../lib/tracking/date-lock';
import { dateLockId, releaseLock, tryAcquireLock } from '../lib/tracking/date-lock';
import { pendingFilesOfDate, queryIndex } from '../lib/tracking/file-repository';
import type { FileItem, ManifestItem } from '../lib/tracking/items';
import { INDEX_SK, PK, fileDateStatus, manifestDateStatus } from '../lib/tracking/items';
import { manifestsWithStatus } from '../lib/tracking/manifest-repository';
import { FILE_STATUS, MANIFEST_STATUS } from '../lib/tracking/statuses';
import type { BuilderDeps } from './dependencies';
import { DEFAULT_LOCK_WAIT, clock, filesTable, locksTable } from './dependencies';
import { emitManifest, finishManifest } from './emit-manifest';
import type { BuilderReport } from './report';

type PendingFile = FileItem & PlannableFile;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Tries the date lock a few times with jittered backoff; counts every refusal. */
async function acquire(
  d: BuilderDeps,
  date: string,
  owner: string,
): Promise<{ lock: HeldLock | undefined; refusals: number }> {
  const wait = d.lockWait ?? DEFAULT_LOCK_WAIT;
  let refusals = 0;
  for (let attempt = 0; attempt < wait.attempts; attempt += 1) {
    if (attempt > 0) await sleep(wait.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
    const lock = await tryAcquireLock(
      locksTable(d),
      dateLockId(date),
      owner,
      d.config.lockTtlSeconds,
      clock(d),
    );
    if (lock) return { lock, refusals };
    refusals += 1;
  }
  return { lock: undefined, refusals };
}

function planFor(d: BuilderDeps, files: readonly FileItem[], flush: boolean) {
  const pending: PendingFile[] = files.map((f) => ({
    ...f,
    id: f[PK],
    source: f.source ?? '',
    receivedAtMs: Date.parse(f[INDEX_SK]),
  }));
  return planBatches(
    pending,
    { maxFiles: d.config.maxFilesPerManifest, maxBytes: d.config.maxBatchBytes },
    { flush, nowMs: clock(d).getTime(), flushAgeMs: d.config.flushAgeSeconds * 1000 },
  );
}

/**
 * A lock-free look at the index: is there a CREATED manifest to complete or a batch to emit?
 * Most batches of notifications only add files to a date that is not full yet, and this spares
 * them the lock round trips. The index may lag by a moment, so a "no" can be stale; the next
 * batch of that date or the scheduled flush then builds it, and the lock holder re-reads all
 * of it consistently before acting.
 */
async function worthLocking(d: BuilderDeps, date: string, flush: boolean): Promise<boolean> {
  const t = filesTable(d);
  const [created, pending] = await Promise.all([
    queryIndex<ManifestItem>(t, manifestDateStatus(date, MANIFEST_STATUS.created)),
    queryIndex<FileItem>(t, fileDateStatus(date, FILE_STATUS.pending)),
  ]);
  return created.length > 0 || planFor(d, pending, flush).batches.length > 0;
}

/**
 * Builds the manifests of one ingestion date under its lock: first completes manifests a
 * crashed builder left CREATED, then cuts the pending files into manifests (only full ones,
 * unless `flush` or the oldest waited past the flush age) and emits them. Stops early when half
 * the lock's lifetime is used, so the lock never expires under a running build.
 */
export async function buildDate(
  d: BuilderDeps,
  date: string,
  options: { flush: boolean; owner?: string },
): Promise<Partial<BuilderReport>> {
  if (!(await worthLocking(d, date, options.flush))) return {};
  const owner = options.owner ?? d.owner ?? randomUUID();
  const { lock, refusals } = await acquire(d, date, owner);
  if (!lock) {
    d.logger.info('date is locked by another builder; its holder or the next flush builds it', {
      date,
    });
    return { lockContention: refusals };
  }
  const deadline = Date.now() + (d.config.lockTtlSeconds * 1000) / 2;
  try {
    let redriven = 0;
    for (const m of await manifestsWithStatus(filesTable(d), date, MANIFEST_STATUS.created)) {
      d.logger.warn('completing a manifest left CREATED', { manifestId: m.manifest_id, date });
      if (await finishManifest(d, m)) redriven += 1;
    }
    const pending = await pendingFilesOfDate(filesTable(d), date);
    const plan = planFor(d, pending, options.flush);
    d.logger.debug('batch plan', {
      date,
      pending: pending.length,
      batches: plan.batches.length,
      waiting: plan.waiting.length,
    });
    let emitted = 0;
    for (const batch of plan.batches) {
      if (Date.now() > deadline) break;
      if (await emitManifest(d, date, batch.source, batch.files)) emitted += 1;
    }
    return { manifestsEmitted: emitted, manifestsRedriven: redriven, lockContention: refusals };
  } finally {
    await releaseLock(locksTable(d), lock);
  }
}
