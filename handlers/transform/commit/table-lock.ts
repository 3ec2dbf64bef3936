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

/** How long to keep asking for a held lock, and how long a taken one lives. */
export interface TableLockTiming {
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
      try {
        return await fn(lock);
      } finally {
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
