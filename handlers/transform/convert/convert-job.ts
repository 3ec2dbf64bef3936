import { join } from 'node:path';
import type { SourceContract } from '../../lib/contract/contract';
import { evaluateRules, hardFailures, type RuleResult } from '../../lib/dq/evaluate';
import { openDuckDb } from '../duckdb/session';
import { downloadToFile } from '../io/s3-files';
import type { TransformDeps, TransformJob } from '../job';
import { formatOfKey, isGzipFile, type LocalInputFile } from './input-file';
import { runCounts, type RunCounts } from './run-stats';
import { stageFiles, type RefusedFile } from './stage-files';
import { writeCuratedAvro } from './write-avro';
import { writeCurated, writeRejects } from './write-outputs';

/** What one conversion produced on local disk, and the numbers behind it. */
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
  /** Set when the run passed: the Parquet file and its row count. */
  readonly curated?: { readonly path: string; readonly rows: number };
  /** Set when the run passed and OUTPUT_FORMATS includes avro: the same rows as Avro. */
  readonly avro?: { readonly path: string; readonly rows: number };
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
): Promise<Conversion> {
  const t = performance.now();
  const files = await download(deps, job, workDir);
  const downloadMs = since(t);
  const c = await convertLocalFiles(deps, job, contract, files, workDir);
  c.durationsMs.download = downloadMs;
  return c;
}

/**
 * Converts files already on local disk: stage under the contract (refusing unreadable files on
 * their own), count, evaluate the data-quality rules, write the rejects (refused files
 * included), and write the curated Parquet (and its Avro copy when configured) only when no
 * hard rule failed and at least one file was readable. The benchmark measures exactly this.
 */
export async function convertLocalFiles(
  deps: ConvertDeps,
  job: Pick<TransformJob, 'runId' | 'ingestedAt'>,
  contract: SourceContract,
  files: readonly LocalInputFile[],
  workDir: string,
): Promise<Conversion> {
  const durationsMs: Record<string, number> = {};
  const inputBytes = files.reduce((n, f) => n + f.bytes, 0);
  const db = await openDuckDb(workDir, deps.config.duckdb);
  try {
    let t = performance.now();
    const limits = { maxLineBytes: deps.config.maxLineBytes };
    const refusedFiles = await stageFiles(db, contract, files, limits);
    durationsMs.stage = since(t);
    const readable = files.filter((f) => f.bytes > 0).length;
    const unreadable = refusedFiles.length > 0 && refusedFiles.length === readable;
    await deps.hooks?.afterStaging?.(job.runId);
    t = performance.now();
    const counts = await runCounts(db, deps.config.dqRules, contract.dedupKey);
    const rules = evaluateRules(deps.config.dqRules, counts);
    const failures = hardFailures(rules).map((r) => `${r.id}: ${r.message}`);
    // Nothing readable: the run fails naming every file, whatever the rules say.
    const reasons = unreadable ? [...refusedFiles.map((r) => r.reason), ...failures] : failures;
    const rejectsPath = join(workDir, 'rejects.ndjson');
    const rejectedRows = await writeRejects(db, rejectsPath);
    durationsMs.evaluate = since(t);
    const result = { inputBytes, counts, rules, reasons, unreadable, refusedFiles, rejectsPath };
    if (reasons.length > 0) return { ...result, rejectedRows, durationsMs };
    t = performance.now();
    const path = join(workDir, 'curated.parquet');
    const lineage = { manifestId: job.runId, ingestedAt: job.ingestedAt };
    const rows = await writeCurated(db, contract, lineage, path, deps.config.rowGroupRows);
    durationsMs.write = since(t);
    const curated = { ...result, rejectedRows, curated: { path, rows }, durationsMs };
    if (!deps.config.outputFormats.includes('avro')) return curated;
    t = performance.now();
    const avroPath = join(workDir, 'curated.avro');
    const avroRows = await writeCuratedAvro(db, contract, path, avroPath, job.runId);
    durationsMs.writeAvro = since(t);
    return { ...curated, avro: { path: avroPath, rows: avroRows } };
  } finally {
    db.close();
  }
}
