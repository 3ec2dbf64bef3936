import { PipelineError } from '../../lib/errors/pipeline-error';
import type { SourceContract } from '../../lib/contract/contract';
import {
  countLinesSql,
  csvHeaderProblem,
  firstLineSql,
  jsonDocumentInsertSql,
  jsonKindSql,
  jsonProblemSql,
  parseCsvHeader,
  csvInsertSql,
  type JsonDocumentShape,
  stagedFileDdl,
  stagedFileTable,
  stagedViewSql,
  type LineReaderLimits,
} from '../../lib/contract/staging-sql';
import { ndjsonStageSql } from '../../lib/contract/ndjson-sql';
import { sqlString } from '../../lib/contract/sql-text';
import { text, type DuckDbSession } from '../../lib/duckdb/session';
import { scanGzip } from './gzip-check';
import type { LocalInputFile } from './input-file';

/**
 * A raw file DuckDB cannot read at all (corrupt gzip, not text). Staging refuses such a file on
 * its own ({@link RefusedFile}); the class stays for callers that must fail instead.
 */
export class InputUnreadableError extends PipelineError {}

/** Lines DuckDB's reader rejected before parsing (invalid UTF-8, too long, wrong cell count). */
export const READ_REJECTS_TABLE = 'read_rejects';
/** The staged files: index to source key, for lineage and rejects. */
export const INPUT_FILES_TABLE = 'input_files';
/** Files refused as a whole: index, reason naming the file, line count when known. */
export const REFUSED_FILES_TABLE = 'refused_files';

/** `expected N, found M` from DuckDB's message about a CSV row's cell count. */
const CELL_COUNTS_SQL = String.raw`regexp_replace(error_message, '^Expected Number of Columns: (\d+) Found: (\d+).*$', 'expected \1, found \2', 's')`;

/** A reader reject as a person reads it, from DuckDB's error type and message. */
const READER_REASON_SQL = `CASE CAST(error_type AS VARCHAR)
  WHEN 'INVALID ENCODING' THEN 'not valid UTF-8'
  WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line longer than the maximum line size'
  WHEN 'MISSING COLUMNS' THEN 'too few cells: ' || ${CELL_COUNTS_SQL}
  WHEN 'TOO MANY COLUMNS' THEN 'too many cells: ' || ${CELL_COUNTS_SQL}
  ELSE lower(CAST(error_type AS VARCHAR)) || ': ' || split_part(error_message, chr(10), 1) END`;

/** A file refused as a whole: its bytes are not a readable file of its format. */
export interface RefusedFile {
  readonly sourceKey: string;
  /** Names the file and says why, in words a producer can act on. */
  readonly reason: string;
  /** Its non-blank lines (data rows for CSV) when they could be counted. */
  readonly lines?: number;
}

/** Why a file is refused, before its key is put in front. */
interface Refusal {
  readonly problem: string;
  readonly lines?: number;
}

/** Refuses the file when DuckDB's reader found nothing but non-objects in a JSON document. */
async function documentRefusal(
  db: DuckDbSession,
  file: LocalInputFile,
  shape: JsonDocumentShape | 'lines',
): Promise<Refusal | undefined> {
  const [r] = await db.rows(
    `SELECT count(*) AS n, count(*) FILTER (WHERE root = 'OBJECT') AS objects, ${jsonKindSql("any_value(root) FILTER (WHERE root <> 'OBJECT')")} AS other
FROM (SELECT CASE WHEN json_valid(raw) THEN json_type(raw) END AS root FROM ${stagedFileTable(file.idx)} WHERE skip IS NOT TRUE)`,
  );
  if (Number(r?.n ?? 0) === 0 || Number(r?.objects ?? 0) > 0) return undefined;
  const kind = text(r?.other);
  const found =
    kind === ''
      ? 'not JSON'
      : shape === 'array'
        ? `an array of ${kind.replace(/^an? /, '')} values`
        : kind;
  return {
    problem: `the JSON document is ${found}, not an array of objects or one object`,
    lines: Number(r?.n),
  };
}

/** How a `.json` file holds its records, from its first non-blank line. */
async function jsonShape(
  db: DuckDbSession,
  file: LocalInputFile,
  limits: LineReaderLimits,
): Promise<'lines' | JsonDocumentShape> {
  const [first] = await db.rows(
    `SELECT line, ${jsonProblemSql('line')} IS NULL AS ok FROM (${firstLineSql(file, limits, true)})`,
  );
  if (text(first?.line).trimStart().startsWith('[')) return 'array';
  return first?.ok === true || first === undefined ? 'lines' : 'values';
}

async function stageOne(
  db: DuckDbSession,
  contract: SourceContract,
  file: LocalInputFile,
  limits: LineReaderLimits,
): Promise<Refusal | undefined> {
  const headerLines = file.format === 'csv' ? 1 : 0;
  await db.run(stagedFileDdl(contract, file.idx));
  if (file.format === 'csv') {
    const [first] = await db.rows(firstLineSql(file, limits));
    const header = parseCsvHeader(text(first?.line));
    const problem = csvHeaderProblem(contract, header);
    if (problem) return { problem };
    await db.run(csvInsertSql(contract, file.idx, file, header, limits));
  } else if (file.format === 'json') {
    const shape = await jsonShape(db, file, limits);
    if (shape !== 'lines') {
      await db.run(jsonDocumentInsertSql(contract, file.idx, file, shape, limits));
      return documentRefusal(db, file, shape);
    }
    await db.run(ndjsonStageSql(contract, file.idx, file, limits));
    const refusal = await documentRefusal(db, file, shape);
    if (refusal) return refusal;
  } else {
    await db.run(ndjsonStageSql(contract, file.idx, file, limits));
  }
  // In SQL, not JS: a file of many unreadable lines must not become one huge statement.
  const [inserted] = await db.rows(
    `INSERT INTO ${READ_REJECTS_TABLE}
SELECT ${file.idx}, line, row_number() OVER (ORDER BY line), ${READER_REASON_SQL} FROM (
  SELECT e.line, e.error_type, e.error_message FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)
  WHERE s.file_path = ${sqlString(file.path)}
  QUALIFY row_number() OVER (PARTITION BY e.line ORDER BY e.column_idx) = 1
)`,
  );
  if (Number(inserted?.Count ?? 0) === 0) return undefined;
  // Rows after a reader-rejected line were numbered without it: shift them back to file lines.
  const table = stagedFileTable(file.idx);
  await db.run(
    `UPDATE ${table} SET line_no = ${table}.rowid + 1 + ${headerLines} + (SELECT count(*) FROM ${READ_REJECTS_TABLE} r WHERE r.file_idx = ${file.idx} AND r.line - ${headerLines} - r.rank < ${table}.rowid + 1)`,
  );
  return undefined;
}

/** DuckDB errors caused by the bytes of a file (as opposed to a bug in the SQL). */
function isInputError(err: unknown): err is { message: string } {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /^(IO|Invalid Input|Conversion) Error/.test(message);
}

/** Non-blank lines of a file as DuckDB reads them (data rows for CSV), when it can. */
async function lineCount(
  db: DuckDbSession,
  file: LocalInputFile,
  limits: LineReaderLimits,
): Promise<number | undefined> {
  try {
    const [r] = await db.rows(countLinesSql(file, limits));
    return Math.max(0, Number(r?.n ?? 0) - (file.format === 'csv' ? 1 : 0));
  } catch (err) {
    if (isInputError(err)) return undefined;
    throw err;
  }
}

/** Stages one file, or says why it is refused as a whole (its rows, if any, removed again). */
async function stageOrRefuse(
  db: DuckDbSession,
  contract: SourceContract,
  file: LocalInputFile,
  limits: LineReaderLimits,
): Promise<Refusal | undefined> {
  if (file.gzip) {
    const scan = await scanGzip(file.path);
    if (scan.problem) return { problem: scan.problem, lines: scan.lines };
  }
  let refusal: Refusal | undefined;
  try {
    refusal = await stageOne(db, contract, file, limits);
  } catch (err) {
    if (!isInputError(err)) throw err;
    // DuckDB names the local copy; the raw object's key is what a person can look up.
    const first = err.message.split('\n')[0] ?? 'unknown error';
    refusal = { problem: first.split(file.path).join(file.sourceKey) };
  }
  if (!refusal) return undefined;
  await db.run(`DROP TABLE IF EXISTS ${stagedFileTable(file.idx)}`);
  await db.run(`DELETE FROM ${READ_REJECTS_TABLE} WHERE file_idx = ${file.idx}`);
  const lines = refusal.lines ?? (await lineCount(db, file, limits));
  return { problem: refusal.problem, ...(lines === undefined ? {} : { lines }) };
}

/**
 * Loads every input file into the staging table under the contract, one file at a time, and
 * records what DuckDB's reader refused with its line number. A file that is not a readable
 * file of its format (a truncated or corrupt gzip, a CSV header with an empty or repeated
 * column name, a `.json` document that is neither an array of objects nor one object, bytes
 * DuckDB cannot parse) is refused on its own: recorded in {@link REFUSED_FILES_TABLE} with a
 * reason naming it, and returned, while the other files are staged. Bad data never fails the
 * whole manifest; only infrastructure errors (and bugs) propagate.
 */
/**
 * How staging gets each file onto local disk and lets it go: already there (the default), or
 * fetched just before its own staging and removed right after, so a run never holds more than
 * one raw file in its temp directory at a time (a rebuild of a whole date included).
 */
export interface StagingIo {
  prepare(file: LocalInputFile): Promise<LocalInputFile>;
  release(file: LocalInputFile): Promise<void>;
}

const LOCAL_FILES: StagingIo = {
  prepare: (file) => Promise.resolve(file),
  release: () => Promise.resolve(),
};

export async function stageFiles(
  db: DuckDbSession,
  contract: SourceContract,
  files: readonly LocalInputFile[],
  limits: LineReaderLimits,
  io: StagingIo = LOCAL_FILES,
): Promise<RefusedFile[]> {
  await db.run(
    `CREATE OR REPLACE TABLE ${READ_REJECTS_TABLE} (file_idx INTEGER, line BIGINT, rank BIGINT, reason VARCHAR)`,
  );
  await db.run(
    `CREATE OR REPLACE TABLE ${INPUT_FILES_TABLE} (file_idx INTEGER, source_file VARCHAR)`,
  );
  await db.run(
    `CREATE OR REPLACE TABLE ${REFUSED_FILES_TABLE} (file_idx INTEGER, reason VARCHAR, lines BIGINT)`,
  );
  const refused: RefusedFile[] = [];
  const staged: number[] = [];
  // The view exists from the start, so a run whose files are all empty or refused reads none.
  await db.run(stagedViewSql(contract, staged));
  for (const file of files) {
    await db.run(
      `INSERT INTO ${INPUT_FILES_TABLE} VALUES (${file.idx}, ${sqlString(file.sourceKey)})`,
    );
    if (file.bytes === 0) continue;
    const local = await io.prepare(file);
    let refusal;
    try {
      refusal = await stageOrRefuse(db, contract, local, limits);
    } finally {
      await io.release(local);
    }
    if (!refusal) {
      staged.push(file.idx);
      await db.run(stagedViewSql(contract, staged));
      continue;
    }
    const r: RefusedFile = {
      sourceKey: file.sourceKey,
      reason: `cannot read ${file.sourceKey}: ${refusal.problem}`,
      ...(refusal.lines === undefined ? {} : { lines: refusal.lines }),
    };
    await db.run(
      `INSERT INTO ${REFUSED_FILES_TABLE} VALUES (${file.idx}, ${sqlString(r.reason)}, ${r.lines ?? 'NULL'})`,
    );
    refused.push(r);
  }
  return refused;
}
