import { join } from 'node:path';
import type { SourceContract } from '../../lib/contract/contract';
import type { RuleResult } from '../../lib/dq/evaluate';
import type { CommitRecord } from '../../lib/tracking/commit-log';
import { openDuckDb, type DuckDbSession } from '../../lib/duckdb/session';
import { downloadToFile } from '../io/s3-files';
import type { TransformDeps, TransformJob } from '../job';
import { gzipProblem } from './gzip-check';
import { formatOfKey, isGzipFile, type LocalInputFile } from './input-file';
import { runCounts, type RunCounts } from './run-stats';
import { InputUnreadableError, stageFiles } from './stage-files';
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
  readonly unreadable: boolean;
  readonly rejectsPath?: string;
  readonly rejectedRows: number;
  /** Set when the input was readable: what publishing the rows ended in. */
  readonly publication?: Publication;
  readonly durationsMs: Record<string, number>;
}

const since = (t: number): number => Math.round(performance.now() - t);

async function download(
  deps: TransformDeps,
  job: TransformJob,
  workDir: string,
): Promise<LocalInputFile[]> {
  const files: LocalInputFile[] = [];
  for (const [idx, f] of job.files.entries()) {
    const path = join(workDir, `input-${idx}`);
    const bytes = await downloadToFile(deps.s3, f, path);
    const gzip = await isGzipFile(path);
    files.push({ idx, sourceKey: f.key, path, format: formatOfKey(f.key), gzip, bytes });
  }
  return files;
}

/** Refuses gzip files that do not decompress to their end (see {@link gzipProblem}). */
async function checkGzipFiles(files: readonly LocalInputFile[]): Promise<void> {
  for (const f of files) {
    const problem = f.gzip ? await gzipProblem(f.path) : undefined;
    if (problem) {
      throw new InputUnreadableError(`cannot read ${f.sourceKey}: ${problem}`, {
        context: { sourceKey: f.sourceKey },
      });
    }
  }
}

/** What converting local files needs: the run's settings, and the fault-injection hooks. */
export type ConvertDeps = Pick<TransformDeps, 'config' | 'hooks'>;

/**
 * Converts one job's raw files in `workDir`: download (streamed), then
 * {@link convertLocalFiles}. Touches nothing remote except reading the raw objects.
 */
export async function convertJob(
  deps: TransformDeps,
  job: TransformJob,
  contract: SourceContract,
  workDir: string,
  publish: Publisher,
): Promise<Conversion> {
  const t = performance.now();
  const files = await download(deps, job, workDir);
  const downloadMs = since(t);
  const c = await convertLocalFiles(deps, job, contract, files, workDir, publish);
  c.durationsMs.download = downloadMs;
  return c;
}

/**
 * Converts files already on local disk: stage under the contract, count, write the rejects,
 * then hand the session to `publish` (the transform's Iceberg commit, which evaluates the DQ
 * rules on the date; a benchmark's plain Parquet write). The benchmark measures exactly this.
 */
export async function convertLocalFiles(
  deps: ConvertDeps,
  job: Pick<TransformJob, 'runId' | 'ingestedAt'>,
  contract: SourceContract,
  files: readonly LocalInputFile[],
  workDir: string,
  publish: Publisher,
): Promise<Conversion> {
  const durationsMs: Record<string, number> = {};
  const inputBytes = files.reduce((n, f) => n + f.bytes, 0);
  const db = await openDuckDb(workDir, deps.config.duckdb);
  try {
    let t = performance.now();
    try {
      await checkGzipFiles(files);
      await stageFiles(db, contract, files, { maxLineBytes: deps.config.maxLineBytes });
    } catch (err) {
      if (!(err instanceof InputUnreadableError)) throw err;
      durationsMs.stage = since(t);
      const base = { inputBytes, rules: [], unreadable: true, rejectedRows: 0, durationsMs };
      return { ...base, reasons: [err.message] };
    }
    durationsMs.stage = since(t);
    await deps.hooks?.afterStaging?.(job.runId);
    t = performance.now();
    const counts = await runCounts(db, deps.config.dqRules, contract.dedupKey);
    const rejectsPath = join(workDir, 'rejects.ndjson');
    const rejectedRows = await writeRejects(db, rejectsPath);
    durationsMs.evaluate = since(t);
    t = performance.now();
    const publication = await publish(db, counts);
    durationsMs.publish = since(t);
    return {
      inputBytes,
      counts,
      rules: publication.rules,
      reasons: publication.reasons,
      unreadable: false,
      rejectsPath,
      rejectedRows,
      publication,
      durationsMs,
    };
  } finally {
    db.close();
  }
}
