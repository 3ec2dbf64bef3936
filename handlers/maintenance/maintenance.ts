import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { CuratedTableRef } from '../lib/names';
import { commitsOfDate, recordCommit, type CommitRecord } from '../lib/tracking/commit-log';
import type { CompactOutcome, DateFiles, MaintenanceEngine } from './engine';

/** The limits of one maintenance run (see the MAINTENANCE_* settings). */
export interface MaintenanceSettings {
  /** Size of the files a compaction writes. */
  readonly targetFileSizeBytes: number;
  /** Snapshots younger than this stay (time travel and `pipeline history` reach them). */
  readonly snapshotRetentionHours: number;
  /** Unreferenced objects younger than this stay: a writer may not have committed them yet. */
  readonly orphanMinAgeHours: number;
  /**
   * A date committed to more recently than this is left for a later run: it is still being
   * written, and a rewrite under a writer would make one of the two commits conflict.
   */
  readonly quietMinutes: number;
}

/** What the core needs: the engine of the target, the ledger, the clock. */
export interface MaintenanceDeps {
  readonly engine: MaintenanceEngine;
  readonly ddb: DynamoDBDocumentClient;
  /** The metrics table, which holds the commit ledger. */
  readonly metricsTable: string;
  readonly now?: () => Date;
  /** Run ids of compactions; random unless a test fixes them. */
  readonly newRunId?: (date: string) => string;
}

/** One date's compaction and the ledger record it made (none when nothing was rewritten). */
export interface DateCompaction extends CompactOutcome {
  readonly source: string;
  readonly runId: string;
  readonly record?: CommitRecord;
}

const HOUR_MS = 3_600_000;

/** A compaction's run id: `compact-<date>-<random>`, unique per run, readable in history. */
export const compactionRunId = (date: string): string =>
  `compact-${date}-${randomBytes(4).toString('hex')}`;

/** True when a date has something to rewrite: more than one data file, or delete files. */
export const needsCompaction = (f: DateFiles): boolean => f.dataFiles > 1 || f.deleteFiles > 0;

/** The ledger record of a compaction: same rows in and out, no DQ inputs of its own. */
export function compactionRecord(
  source: string,
  runId: string,
  outcome: CompactOutcome,
  committedAt: Date,
): CommitRecord {
  return {
    source,
    ingestionDate: outcome.date,
    runId,
    kind: 'compact',
    ...(outcome.parentSnapshotId ? { parentSnapshotId: outcome.parentSnapshotId } : {}),
    committedAt: committedAt.toISOString(),
    rowsAdded: outcome.rows,
    rowsRemoved: outcome.rows,
    rowsRead: 0,
    rejectedRows: 0,
    acceptedRows: 0,
    duplicateRows: 0,
  };
}

/**
 * Compacts the given dates of a source's table (every date that needs it when `dates` is
 * undefined, except those committed to within the quiet period), one commit per date, and
 * records each commit in the ledger as kind `compact` so `pipeline history` shows the rewrite.
 */
export async function compactSource(
  deps: MaintenanceDeps,
  table: CuratedTable,
  settings: MaintenanceSettings,
  dates?: readonly string[],
): Promise<DateCompaction[]> {
  const { source, ref } = table;
  const chosen = dates ?? (await quietDates(deps, source, settings, await deps.engine.plan(ref)));
  const done: DateCompaction[] = [];
  for (const date of chosen) {
    const runId = (deps.newRunId ?? compactionRunId)(date);
    const outcome = await deps.engine.compact(ref, {
      date,
      targetFileSizeBytes: settings.targetFileSizeBytes,
      runId,
    });
    if (!outcome.committed) {
      done.push({ ...outcome, source, runId });
      continue;
    }
    const record = compactionRecord(source, runId, outcome, (deps.now ?? (() => new Date()))());
    await recordCommit(deps.ddb, deps.metricsTable, record);
    done.push({ ...outcome, source, runId, record });
  }
  return done;
}

/** The dates of a plan that need compacting and had no commit within the quiet period. */
async function quietDates(
  deps: MaintenanceDeps,
  source: string,
  settings: MaintenanceSettings,
  plan: readonly DateFiles[],
): Promise<string[]> {
  const now = (deps.now ?? (() => new Date()))().getTime();
  const dates: string[] = [];
  for (const f of plan.filter(needsCompaction)) {
    const last = (await commitsOfDate(deps.ddb, deps.metricsTable, f.date, source)).at(-1);
    if (last && now - Date.parse(last.committedAt) < settings.quietMinutes * 60_000) continue;
    dates.push(f.date);
  }
  return dates;
}

/** A source and its curated table. */
export interface CuratedTable {
  readonly source: string;
  readonly ref: CuratedTableRef;
}

/** What one scheduled maintenance run did to one source's table. */
export interface TableMaintenance {
  readonly source: string;
  readonly compacted: readonly DateCompaction[];
  readonly expiredSnapshots?: number;
  readonly removedFiles?: number;
}

/**
 * The scheduled maintenance of every source's table: compact the dates that need it, expire
 * snapshots older than the retention and remove orphan files older than the safety age. A
 * compaction's inputs stay referenced by the snapshots before it, so they are expired and
 * removed by a later run, once the retention has passed (time travel to them works until
 * then); the order within one run does not matter, and an engine that can plan and vacuum in
 * one call (pyiceberg: one process, whose start-up is most of the cost) does both first.
 */
export async function maintainTables(
  deps: MaintenanceDeps,
  tables: readonly CuratedTable[],
  settings: MaintenanceSettings,
): Promise<TableMaintenance[]> {
  const now = (deps.now ?? (() => new Date()))().getTime();
  const results: TableMaintenance[] = [];
  for (const table of tables) {
    const { source, ref } = table;
    const limits = {
      snapshotsBefore: new Date(now - settings.snapshotRetentionHours * HOUR_MS),
      orphansBefore: new Date(now - settings.orphanMinAgeHours * HOUR_MS),
    };
    const early = deps.engine.planAndVacuum
      ? await deps.engine.planAndVacuum(ref, limits)
      : undefined;
    const plan = early?.plan ?? (await deps.engine.plan(ref));
    const dates = await quietDates(deps, source, settings, plan);
    const compacted = await compactSource(deps, table, settings, dates);
    const { expiredSnapshots, removedFiles } = early ?? (await deps.engine.vacuum(ref, limits));
    results.push({
      source,
      compacted,
      ...(expiredSnapshots === undefined ? {} : { expiredSnapshots }),
      ...(removedFiles === undefined ? {} : { removedFiles }),
    });
  }
  return results;
}
