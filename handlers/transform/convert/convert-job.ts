import { join } from 'node:path';
import type { SourceContract } from '../../lib/contract/contract';
import type { RuleResult } from '../../lib/dq/evaluate';
import { rulesOf } from '../../lib/dq/source-rules';
import type { CommitRecord } from '../../lib/tracking/commit-log';
import { openDuckDb, type DuckDbSession } from '../../lib/duckdb/session';
import type { TransformDeps, TransformJob } from '../job';
import type { LocalInputFile } from './input-file';
import { rawInputs, type RawReadStats } from './raw-inputs';
import { runCounts, type RunCounts } from './run-stats';
import { stageFiles, type RefusedFile, type StagingIo } from './stage-files';
import { writeRejects } from './write-outputs';

/** What publishing a run's staged rows ended in (the Iceberg commit, or a bench's local file). */
export interface Publication {
  readonly rules: readonly RuleResult[];
  /** Why nothing was published; empty when it was. */
  readonly reasons: readonly string[];
  /** Rows the publication added and removed (0 when it failed or had been made already). */
  readonly rowsAdded: number;
  readonly rowsRemoved: number;
  /** Accepted rows not published because their key was already there (run and date). */
  readonly duplicateRows: number;
  /** The commit record, when a commit was made now or earlier (retried run). */
  readonly commit?: CommitRecord;
  readonly alreadyCommitted: boolean;
  /** Set when OUTPUT_FORMATS includes avro and rows were published: those rows as Avro. */
  readonly avro?: { readonly path: string; readonly rows: number };
}

/** Publishes a run's staged rows from the open session (the transform: one Iceberg commit). */
export type Publisher = (db: DuckDbSession, counts: RunCounts) => Promise<Publication>;

/** What one conversion produced, and the numbers behind it. */
export interface Conversion {
  readonly inputBytes: number;
  /** Undefined when an input could not be read at all. */
  readonly counts?: RunCounts;
  readonly rules: readonly RuleResult[];
  /** Why the run must not write curated data; empty when it passed. */
  readonly reasons: readonly string[];
  /** True when no input file could be read: every non-empty file was refused. */
  readonly unreadable: boolean;
  /**
   * Files refused as a whole (each also a file-level record in the rejects); the other files
   * of the manifest are converted. Their lines are not rows read (see `runCounts`).
   */
  readonly refusedFiles: readonly RefusedFile[];
  readonly rejectsPath?: string;
  readonly rejectedRows: number;
  /** Set when the input was readable: what publishing the rows ended in. */
  readonly publication?: Publication;
  readonly durationsMs: Record<string, number>;
  /** Raw files DuckDB read in place over S3 (set by {@link convertJob}). */
  readonly readInPlace?: number;
}

const since = (t: number): number => Math.round(performance.now() - t);

/** What converting local files needs: the run's settings, and the fault-injection hooks. */
export type ConvertDeps = Pick<TransformDeps, 'config' | 'hooks'>;

/**
 * Converts one job's raw files in `workDir`: {@link convertLocalFiles}, each file read in place
 * over S3 when it can be, or else downloaded (streamed, pinned to its version) just before it
 * is staged and deleted after ({@link rawInputs}). Touches nothing remote except reading the
 * raw objects.
 */
export async function convertJob(
  deps: TransformDeps,
  job: TransformJob,
  contract: SourceContract,
  workDir: string,
  publish: Publisher,
): Promise<Conversion> {
  const stats: RawReadStats = { downloadMs: 0, inPlace: 0, fetched: 0 };
  const { files, io } = rawInputs(
    deps.s3,
    deps.catalog,
    job.files,
    workDir,
    stats,
    deps.config.inPlaceMinBytes,
  );
  const c = await convertLocalFiles(deps, job, contract, files, workDir, publish, io);
  c.durationsMs.download = stats.downloadMs;
  return { ...c, readInPlace: stats.inPlace };
}

/**
 * Converts files already on local disk: stage under the contract (refusing unreadable files on
 * their own), count, write the rejects (refused files included), then, when at least one file
 * was readable, hand the session to `publish` (the transform's Iceberg commit, which evaluates
 * the DQ rules on the date; a benchmark's plain Parquet write). The benchmark measures this.
 */
export async function convertLocalFiles(
  deps: ConvertDeps,
  job: Pick<TransformJob, 'runId' | 'ingestedAt'>,
  contract: SourceContract,
  files: readonly LocalInputFile[],
  workDir: string,
  publish: Publisher,
  io?: StagingIo,
): Promise<Conversion> {
  const durationsMs: Record<string, number> = {};
  const inputBytes = files.reduce((n, f) => n + f.bytes, 0);
  const db = await openDuckDb(workDir, deps.config.duckdb);
  try {
    let t = performance.now();
    const limits = {
      maxLineBytes: deps.config.maxLineBytes,
      ...(deps.config.maxExpandedBytes === undefined
        ? {}
        : { maxExpandedBytes: deps.config.maxExpandedBytes }),
    };
    const refusedFiles = await stageFiles(db, contract, files, limits, io);
    durationsMs.stage = since(t);
    const readable = files.filter((f) => f.bytes > 0).length;
    const unreadable = refusedFiles.length > 0 && refusedFiles.length === readable;
    await deps.hooks?.afterStaging?.(job.runId);
    t = performance.now();
    const counts = await runCounts(db, rulesOf(deps.config, contract), contract.dedupKey);
    const rejectsPath = join(workDir, 'rejects.ndjson');
    const rejectedRows = await writeRejects(db, rejectsPath);
    durationsMs.evaluate = since(t);
    const base = { inputBytes, counts, unreadable, refusedFiles, rejectsPath, rejectedRows };
    // Nothing readable: the run fails naming every file, and nothing is published.
    if (unreadable) {
      return { ...base, rules: [], reasons: refusedFiles.map((r) => r.reason), durationsMs };
    }
    t = performance.now();
    const publication = await publish(db, counts);
    durationsMs.publish = since(t);
    return {
      ...base,
      rules: publication.rules,
      reasons: publication.reasons,
      publication,
      durationsMs,
    };
  } finally {
    db.close();
  }
}
