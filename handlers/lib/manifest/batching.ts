/** A pending file as the planner sees it. */
export interface PlannableFile {
  /** Unique identity (the tracking key): the sort order and the manifest id input. */
  readonly id: string;
  readonly source: string;
  readonly size: number;
  /** Epoch milliseconds the file was tracked. */
  readonly receivedAtMs: number;
}

/** Caps of one manifest. */
export interface BatchCaps {
  readonly maxFiles: number;
  readonly maxBytes: number;
}

/** When partial (not full) manifests may be emitted. */
export interface FlushPolicy {
  /** The scheduled flush: emit everything pending. */
  readonly flush: boolean;
  readonly nowMs: number;
  /** A partial group whose oldest file waited at least this long is emitted anyway. */
  readonly flushAgeMs: number;
}

/** One manifest to emit: files of one source, in id order. */
export interface PlannedBatch<F extends PlannableFile> {
  readonly source: string;
  readonly files: readonly F[];
  readonly totalBytes: number;
  /** Why it may be emitted now. */
  readonly reason: 'full' | 'oversized-file' | 'flush' | 'aged';
}

/** The plan for one date: batches to emit now, and files left pending. */
export interface BatchPlan<F extends PlannableFile> {
  readonly batches: readonly PlannedBatch<F>[];
  readonly waiting: readonly F[];
}

/**
 * Cuts the pending files of one date into manifests: per source, in identity order (so the same
 * files give the same manifests on a rerun), greedily up to the file-count and byte caps. A file
 * larger than the byte cap gets a manifest of its own. Only full batches are emitted unless the
 * flush fired or the oldest file of the last, partial batch waited longer than the flush age.
 */
export function planBatches<F extends PlannableFile>(
  pending: readonly F[],
  caps: BatchCaps,
  policy: FlushPolicy,
): BatchPlan<F> {
  if (caps.maxFiles < 1 || caps.maxBytes <= 0) throw new RangeError('caps must be positive');
  const bySource = new Map<string, F[]>();
  for (const file of pending) {
    const list = bySource.get(file.source) ?? [];
    list.push(file);
    bySource.set(file.source, list);
  }
  const batches: PlannedBatch<F>[] = [];
  const waiting: F[] = [];
  for (const source of [...bySource.keys()].sort()) {
    const files = bySource.get(source)!.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let current: F[] = [];
    let bytes = 0;
    const close = (reason: PlannedBatch<F>['reason']): void => {
      batches.push({ source, files: current, totalBytes: bytes, reason });
      current = [];
      bytes = 0;
    };
    for (const file of files) {
      if (file.size > caps.maxBytes) {
        batches.push({ source, files: [file], totalBytes: file.size, reason: 'oversized-file' });
        continue;
      }
      if (current.length > 0 && bytes + file.size > caps.maxBytes) close('full');
      current.push(file);
      bytes += file.size;
      if (current.length >= caps.maxFiles) close('full');
    }
    if (current.length === 0) continue;
    const oldest = Math.min(...current.map((f) => f.receivedAtMs));
    if (policy.flush) close('flush');
    else if (policy.nowMs - oldest >= policy.flushAgeMs) close('aged');
    else waiting.push(...current);
  }
  return { batches, waiting };
}
