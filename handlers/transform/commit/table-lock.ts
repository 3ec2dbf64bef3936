import {
  releaseLock,
  tryAcquireLock,
  type HeldLock,
  type LocksTable,
} from '../../lib/tracking/date-lock';
import { IcebergError } from '../../lib/iceberg/iceberg-errors';
import type { CuratedTableRef } from '../../lib/names';

/** Lock id of the commits to one curated table. */
export const tableLockId = (ref: Pick<CuratedTableRef, 'namespace' | 'table'>): string =>
  `iceberg-commit#${ref.namespace}.${ref.table}`;

/**
 * Life of a commit lock between renewals: short, because its holder renews it every third of
 * it for as long as the commit runs, so a holder that crashed (a Lambda timeout, a killed
 * process) blocks the table's other writers for this long at most, not for the whole of a
 * slow commit's worst case.
 */
export const COMMIT_LOCK_TTL_SECONDS = 20;

/** How long to keep asking for a held lock, and how long a taken one lives. */
export interface TableLockTiming {
  /** Life of the lock between renewals (renewed every third of it while `fn` runs). */
  readonly ttlSeconds: number;
  /** Give up (the message is retried later) after this long. */
  readonly waitMs: number;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `fn` holding the table's commit lock (a conditional write with expiry in the locks
 * table), waiting with backoff while another writer holds it. Commits are serialized per table
 * because Iceberg's REST fixture was seen acknowledging concurrent commits it never kept; the
 * catalog's optimistic concurrency (409) still guards a lock that expired under a slow writer.
 */
export async function withTableLock<T>(
  locks: LocksTable,
  ref: Pick<CuratedTableRef, 'namespace' | 'table'>,
  owner: string,
  timing: TableLockTiming,
  fn: (lock: HeldLock) => Promise<T>,
): Promise<T> {
  const now = timing.now ?? (() => new Date());
  const sleep = timing.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + timing.waitMs;
  let delay = 50;
  for (;;) {
    const lock = await tryAcquireLock(locks, tableLockId(ref), owner, timing.ttlSeconds, now());
    if (lock) {
      // Renewal is the same conditional put by the same owner; a failed one is left to the
      // catalog's optimistic concurrency (a writer that took an expired lock over commits on
      // a newer table version, and a stale commit is refused with a 409).
      const renew = setInterval(
        () => {
          tryAcquireLock(locks, lock.lockId, owner, timing.ttlSeconds, now()).catch(
            () => undefined,
          );
        },
        Math.max(100, (timing.ttlSeconds * 1000) / 3),
      );
      try {
        return await fn(lock);
      } finally {
        clearInterval(renew);
        await releaseLock(locks, lock);
      }
    }
    if (Date.now() >= deadline) {
      throw new IcebergError(
        `the commit lock of ${ref.namespace}.${ref.table} stayed taken for ${Math.round(timing.waitMs / 1000)} s; the manifest is retried`,
        { context: { lockId: tableLockId(ref), owner } },
      );
    }
    await sleep(delay + Math.floor(Math.random() * delay));
    delay = Math.min(delay * 2, 2_000);
  }
}
