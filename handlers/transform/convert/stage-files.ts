import { PipelineError } from '../../lib/errors/pipeline-error';
import type { SourceContract } from '../../lib/contract/contract';
import {
  firstLineSql,
  parseCsvHeader,
  csvInsertSql,
  ndjsonInsertSql,
  stagedTableDdl,
  STAGED_TABLE,
  type LineReaderLimits,
} from '../../lib/contract/staging-sql';
import { sqlString } from '../../lib/contract/sql-text';
import { text, type DuckDbSession } from '../duckdb/session';
import type { LocalInputFile } from './input-file';

/** A raw file DuckDB cannot read at all (corrupt gzip, not text): the manifest cannot succeed. */
export class InputUnreadableError extends PipelineError {}

/** Lines DuckDB's reader rejected before parsing (invalid UTF-8, too long, wrong cell count). */
export const READ_REJECTS_TABLE = 'read_rejects';
/** The staged files: index to source key, for lineage and rejects. */
export const INPUT_FILES_TABLE = 'input_files';

/** `expected N, found M` from DuckDB's message about a CSV row's cell count. */
const CELL_COUNTS_SQL = String.raw`regexp_replace(error_message, '^Expected Number of Columns: (\d+) Found: (\d+).*$', 'expected \1, found \2', 's')`;

/** A reader reject as a person reads it, from DuckDB's error type and message. */
const READER_REASON_SQL = `CASE CAST(error_type AS VARCHAR)
  WHEN 'INVALID ENCODING' THEN 'not valid UTF-8'
  WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line longer than the maximum line size'
  WHEN 'MISSING COLUMNS' THEN 'too few cells: ' || ${CELL_COUNTS_SQL}
  WHEN 'TOO MANY COLUMNS' THEN 'too many cells: ' || ${CELL_COUNTS_SQL}
  ELSE lower(CAST(error_type AS VARCHAR)) || ': ' || split_part(error_message, chr(10), 1) END`;

async function stageOne(
  db: DuckDbSession,
  contract: SourceContract,
  file: LocalInputFile,
  limits: LineReaderLimits,
): Promise<void> {
  const headerLines = file.format === 'csv' ? 1 : 0;
  if (file.format === 'csv') {
    const [first] = await db.rows(firstLineSql(file, limits));
    const header = parseCsvHeader(text(first?.line));
    await db.run(csvInsertSql(contract, file.idx, file, header, limits));
  } else {
    await db.run(ndjsonInsertSql(contract, file.idx, file, limits));
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
  if (Number(inserted?.Count ?? 0) === 0) return;
  // Rows after a reader-rejected line were numbered without it: shift them back to file lines.
  await db.run(
    `UPDATE ${STAGED_TABLE} SET line_no = ord + ${headerLines} + (SELECT count(*) FROM ${READ_REJECTS_TABLE} r WHERE r.file_idx = ${file.idx} AND r.line - ${headerLines} - r.rank < ${STAGED_TABLE}.ord) WHERE file_idx = ${file.idx}`,
  );
}

/** DuckDB errors caused by the bytes of a file (as opposed to a bug in the SQL). */
function isInputError(err: unknown): err is { message: string } {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /^(IO|Invalid Input|Conversion) Error/.test(message);
}

/**
 * Loads every input file into the staging table under the contract, one file at a time, and
 * records what DuckDB's reader refused with its line number. A file the reader cannot open or
 * decompress raises {@link InputUnreadableError} naming the raw object.
 */
export async function stageFiles(
  db: DuckDbSession,
  contract: SourceContract,
  files: readonly LocalInputFile[],
  limits: LineReaderLimits,
): Promise<void> {
  await db.run(stagedTableDdl(contract));
  await db.run(
    `CREATE OR REPLACE TABLE ${READ_REJECTS_TABLE} (file_idx INTEGER, line BIGINT, rank BIGINT, reason VARCHAR)`,
  );
  await db.run(
    `CREATE OR REPLACE TABLE ${INPUT_FILES_TABLE} (file_idx INTEGER, source_file VARCHAR)`,
  );
  for (const file of files) {
    await db.run(
      `INSERT INTO ${INPUT_FILES_TABLE} VALUES (${file.idx}, ${sqlString(file.sourceKey)})`,
    );
    if (file.bytes === 0) continue;
    try {
      await stageOne(db, contract, file, limits);
    } catch (err) {
      if (!isInputError(err)) throw err;
      throw new InputUnreadableError(
        `cannot read ${file.sourceKey}: ${err.message.split('\n')[0] ?? 'unknown error'}`,
        { cause: err, context: { sourceKey: file.sourceKey, format: file.format } },
      );
    }
  }
}
