/**
 * What one transform run needs of its Lambda, from the bench's measured figures (`npm run
 * bench`, 2 cores, generated NDJSON; see the README's bench table), so the synth can refuse a
 * function that could not finish the largest manifest its environment accepts, and say by how
 * much one that can has room to spare.
 */

/**
 * Share of the transform function's memory given to DuckDB. Lambda's memory is the whole
 * process's: DuckDB's limit covers its buffer manager, not Node's heap, the SDK, lib-storage's
 * part buffers (2 x 16 MB), the Avro encoder or DuckDB's own allocations outside the limit
 * (see {@link RSS_ABOVE_DUCKDB_LIMIT_MB}).
 */
export const DUCKDB_MEMORY_SHARE = 0.6;

/** The DuckDB memory limit of a transform function with `functionMemoryMb` (see the share). */
export const duckDbMemoryLimitMb = (functionMemoryMb: number): number =>
  Math.floor(functionMemoryMb * DUCKDB_MEMORY_SHARE);

/**
 * Peak resident memory above DuckDB's limit: measured 490-770 MB (1 GB inputs at 512-1,228 MB
 * limits, 4 GB at 1,024 MB: the most), rounded up. The Parquet write is the peak.
 */
export const RSS_ABOVE_DUCKDB_LIMIT_MB = 800;

/**
 * What staging holds per MB of raw input (uncompressed): every line's text (kept for `_doc`),
 * its typed columns, reasons and line numbers. What does not fit under DuckDB's limit spills to
 * /tmp. Measured (limit + peak disk): 1 GB at 1,228 + 1,218 MB and 512 + 2,127 MB (2.4-2.6x),
 * 4 GB at 1,024 + 7,779 MB (2.15x).
 */
export const STAGED_MB_PER_INPUT_MB = 2.6;

/** The outputs on /tmp per MB of input: Parquet (0.13x measured), rejects, the Avro copy. */
export const OUTPUT_MB_PER_INPUT_MB = 0.5;

/**
 * CPU seconds per GB of input, all threads: measured 43-52 at 1 GB and 44-51 at 4 GB. The time
 * check assumes one core does all of it, though the transform uses every core it gets.
 */
export const CPU_SECONDS_PER_INPUT_GB = 52;

/** A transform function's size, as the environment config sets it. */
export interface TransformFunctionSizing {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly ephemeralStorageMb: number;
}

/** What a run of `inputMb` needs, and the most the function gives of each. */
export interface TransformNeeds {
  readonly inputMb: number;
  /** /tmp: the spill of what staging holds above DuckDB's limit, plus the outputs. */
  readonly tmpMb: number;
  /** /tmp when the raw input is fetched to disk first (gzip, an overwritten object). */
  readonly tmpFetchedMb: number;
  readonly memoryMb: number;
  /** At {@link CPU_SECONDS_PER_INPUT_GB} on one core. */
  readonly seconds: number;
}

/**
 * The /tmp, memory and time one transform run of `inputMb` (uncompressed) needs on a function
 * of this size. Plain raw objects are read in place over S3, so their bytes take no /tmp;
 * a fetched file adds its own size (compressed, for gzip).
 */
export function transformNeeds(
  inputMb: number,
  fn: TransformFunctionSizing,
  fetchedMb = inputMb,
): TransformNeeds {
  const limit = duckDbMemoryLimitMb(fn.memoryMb);
  const spill = Math.max(0, STAGED_MB_PER_INPUT_MB * inputMb - limit);
  const tmpMb = Math.ceil(spill + OUTPUT_MB_PER_INPUT_MB * inputMb);
  return {
    inputMb,
    tmpMb,
    tmpFetchedMb: tmpMb + Math.ceil(fetchedMb),
    memoryMb: limit + RSS_ABOVE_DUCKDB_LIMIT_MB,
    seconds: Math.ceil((CPU_SECONDS_PER_INPUT_GB * inputMb) / 1024),
  };
}

/**
 * Why a function cannot finish a run of `inputMb` (empty when it can): each problem names the
 * field to raise and by how much, as the config validation reports it.
 */
export function transformSizingProblems(
  inputMb: number,
  fn: TransformFunctionSizing,
): { field: keyof TransformFunctionSizing; message: string }[] {
  const n = transformNeeds(inputMb, fn);
  const problems: { field: keyof TransformFunctionSizing; message: string }[] = [];
  const why = `the largest manifest input (${inputMb} MB, from settings.maxBatchSizeGb and settings.maxFileSizeMb)`;
  if (fn.ephemeralStorageMb < n.tmpMb) {
    problems.push({
      field: 'ephemeralStorageMb',
      message: `must be at least ${n.tmpMb} MB: the spill (${STAGED_MB_PER_INPUT_MB} x input above DuckDB's ${duckDbMemoryLimitMb(fn.memoryMb)} MB) and outputs (${OUTPUT_MB_PER_INPUT_MB} x input) of ${why}`,
    });
  }
  if (fn.memoryMb < n.memoryMb) {
    problems.push({
      field: 'memoryMb',
      message: `must be at least ${n.memoryMb} MB: DuckDB's limit plus ${RSS_ABOVE_DUCKDB_LIMIT_MB} MB above it`,
    });
  }
  if (fn.timeoutSeconds < n.seconds) {
    problems.push({
      field: 'timeoutSeconds',
      message: `must be at least ${n.seconds} s: ${CPU_SECONDS_PER_INPUT_GB} CPU s per GB on one core for ${why}`,
    });
  }
  return problems;
}
