import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResourceNames } from '../../../handlers/lib/names';
import { countFilesByStatus } from '../../../handlers/lib/tracking/status-queries';
import { FILE_STATUS } from '../../../handlers/lib/tracking/statuses';
import { currentGeneration } from '../../../handlers/transform/partition-generation';

/** What a backfill does with one date. */
export type PlannedAction = 'rebuild' | 'skip-no-files' | 'skip-rebuilt';

export interface PlannedDate {
  readonly date: string;
  /** Tracked, not quarantined files: what the rebuild reads. */
  readonly files: number;
  readonly action: PlannedAction;
  /** The current generation's request time, when the date was ever rebuilt. */
  readonly rebuiltAt?: string;
}

/** What planning knows about one date. */
export interface DateFacts {
  readonly files: number;
  readonly rebuiltAt?: string;
}

/**
 * Decides per date: no tracked files, nothing to rebuild (the transform would skip it and the
 * backfill would wait for nothing); rebuilt at or after `startedAt` (the start of the backfill
 * being resumed), already done; otherwise rebuild.
 */
export function planDates(
  facts: ReadonlyMap<string, DateFacts>,
  dates: readonly string[],
  startedAt: string | undefined,
): PlannedDate[] {
  return dates.map((date) => {
    const f = facts.get(date) ?? { files: 0 };
    const action: PlannedAction =
      f.files === 0
        ? 'skip-no-files'
        : startedAt !== undefined && f.rebuiltAt !== undefined && f.rebuiltAt >= startedAt
          ? 'skip-rebuilt'
          : 'rebuild';
    return { date, files: f.files, action, ...(f.rebuiltAt ? { rebuiltAt: f.rebuiltAt } : {}) };
  });
}

/** Tracked file counts and current generations of the dates (a few reads per date). */
export async function readDateFacts(
  ddb: DynamoDBDocumentClient,
  names: ResourceNames,
  dates: readonly string[],
): Promise<Map<string, DateFacts>> {
  const facts = new Map<string, DateFacts>();
  for (const date of dates) {
    const [counts, generation] = await Promise.all([
      countFilesByStatus({ ddb, table: names.tables.files }, date),
      currentGeneration(ddb, names.tables.metrics, date),
    ]);
    const files = Object.entries(counts)
      .filter(([status]) => status !== FILE_STATUS.quarantined)
      .reduce((n, [, c]) => n + c, 0);
    facts.set(date, { files, ...(generation ? { rebuiltAt: generation.requestedAt } : {}) });
  }
  return facts;
}
