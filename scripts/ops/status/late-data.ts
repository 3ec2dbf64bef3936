import type { ManifestItem } from '../../../handlers/lib/tracking/items';
import { MANIFEST_STATUS } from '../../../handlers/lib/tracking/statuses';
import type { PartitionGeneration } from '../../../handlers/transform/partition-generation';

/** Since when a date's files count as late, and why that moment. */
export interface LateReference {
  /** ISO-8601: files received after this arrived after the date had curated data. */
  readonly since: string;
  /** `rebuild`: the current generation's request; `first-curated`: the first manifest done. */
  readonly basis: 'rebuild' | 'first-curated';
}

/**
 * The moment after which a file of the date is late: the request time of the current rebuild
 * generation (everything tracked before it was folded in and deduplicated), or, for a date
 * never rebuilt, when its first manifest was done (the date had curated data from then on).
 * Undefined when the date has no curated data yet: nothing can be late.
 */
export function lateReference(
  generation: PartitionGeneration | undefined,
  manifests: readonly ManifestItem[],
): LateReference | undefined {
  if (generation) return { since: generation.requestedAt, basis: 'rebuild' };
  const done = manifests
    .filter((m) => m.status === MANIFEST_STATUS.done)
    .map((m) => m.updated_at)
    .sort();
  return done[0] === undefined ? undefined : { since: done[0], basis: 'first-curated' };
}

/**
 * Manifests of the date whose output is not part of the current generation: they were made
 * after the rebuild, or from files still pending when it ran, so their rows sit beside the
 * generation without the date-wide dedup. Empty when the date was never rebuilt.
 */
export function uncoveredManifests(
  generation: PartitionGeneration | undefined,
  manifests: readonly ManifestItem[],
): string[] {
  if (!generation) return [];
  const covered = new Set(generation.coveredManifestIds);
  return manifests
    .map((m) => m.manifest_id)
    .filter((id) => !covered.has(id))
    .sort();
}

/** Late data of one date, as `pipeline status` shows it. */
export interface LateData {
  readonly date: string;
  readonly reference: LateReference;
  /** Tracked files received after the reference. */
  readonly files: number;
  /** Manifests not in the current generation. */
  readonly manifests: readonly string[];
}

/** True when a backfill of the date would change its curated data. */
export const hasLateData = (l: LateData): boolean => l.files > 0 || l.manifests.length > 0;
