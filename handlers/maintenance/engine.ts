import type { CuratedTableRef } from '../lib/names';

/** Live files of one ingestion date of a table, as its current snapshot references them. */
export interface DateFiles {
  readonly date: string;
  readonly dataFiles: number;
  /** Position-delete files (row deletes a writer left for a reader to apply). */
  readonly deleteFiles: number;
}

/** What a compaction of one date did. */
export interface CompactOutcome {
  readonly date: string;
  /** False when the date was already one file with no deletes: no commit was made. */
  readonly committed: boolean;
  /** Rows of the date (the same before and after). */
  readonly rows: number;
  readonly dataFilesBefore: number;
  readonly deleteFilesBefore: number;
  readonly dataFilesAfter: number;
  readonly deleteFilesAfter: number;
  readonly parentSnapshotId?: string;
  readonly snapshotId?: string;
}

/** One compaction request: the date, the size of the files to write, who asks. */
export interface CompactRequest {
  readonly date: string;
  readonly targetFileSizeBytes: number;
  /** The compaction's run id, written into the snapshot summary where the engine can. */
  readonly runId: string;
}

/**
 * The table-maintenance operations the core needs, one implementation per target: pyiceberg
 * beside an emulator (DuckDB cannot rewrite files: its DELETE only adds delete files), Athena
 * on AWS (`OPTIMIZE ... REWRITE DATA USING BIN_PACK`, `VACUUM`).
 */
export interface MaintenanceEngine {
  /** Files per ingestion date of the current snapshot. */
  plan(ref: CuratedTableRef): Promise<DateFiles[]>;
  /** Rewrites a date's files into target-size files with the same rows, in one commit. */
  compact(ref: CuratedTableRef, request: CompactRequest): Promise<CompactOutcome>;
  /**
   * Expires the snapshots older than `snapshotsBefore` (never the current one) and deletes
   * the objects under the table location that nothing references any more and that are older
   * than `orphansBefore` (a running writer's files are younger).
   */
  vacuum(ref: CuratedTableRef, limits: VacuumLimits): Promise<VacuumOutcome>;
  /**
   * Optional: `plan` and `vacuum` in one call, for an engine whose every call has a fixed
   * start-up cost (pyiceberg's process, ~3 s here), so an idle scheduled run costs one call.
   */
  planAndVacuum?(
    ref: CuratedTableRef,
    limits: VacuumLimits,
  ): Promise<VacuumOutcome & { readonly plan: DateFiles[] }>;
}

/** What a vacuum removes: snapshots older than one time, unreferenced objects older than another. */
export interface VacuumLimits {
  readonly snapshotsBefore: Date;
  readonly orphansBefore: Date;
}

/** What a vacuum did, where the engine says (Athena's VACUUM does not). */
export interface VacuumOutcome {
  readonly expiredSnapshots?: number;
  readonly removedFiles?: number;
}
