import { stagedFileTable, type StagedPlacement } from '../../lib/contract/staging-sql';
import { sqlString } from '../../lib/contract/sql-text';
import type { DuckDbSession } from '../../lib/duckdb/session';
import type { LocalInputFile } from './input-file';

/** Lines DuckDB's reader rejected before parsing (invalid UTF-8, too long, wrong cell count). */
export const READ_REJECTS_TABLE = 'read_rejects';

/** `expected N, found M` from DuckDB's message about a CSV row's cell count. */
const CELL_COUNTS_SQL = String.raw`regexp_replace(error_message, '^Expected Number of Columns: (\d+) Found: (\d+).*$', 'expected \1, found \2', 's')`;

/** A reader reject as a person reads it, from DuckDB's error type and message. */
const READER_REASON_SQL = `CASE CAST(error_type AS VARCHAR)
  WHEN 'INVALID ENCODING' THEN 'not valid UTF-8'
  WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line longer than the maximum line size'
  WHEN 'MISSING COLUMNS' THEN 'too few cells: ' || ${CELL_COUNTS_SQL}
  WHEN 'TOO MANY COLUMNS' THEN 'too many cells: ' || ${CELL_COUNTS_SQL}
  ELSE lower(CAST(error_type AS VARCHAR)) || ': ' || split_part(error_message, chr(10), 1) END`;

/**
 * Records the lines DuckDB's reader rejected in one file (invalid UTF-8, too long, wrong cell
 * count) with their line numbers, and shifts the file's staged rows after each such line back
 * to their lines in the file. `placement` says where its rows are (its own table by default).
 */
export async function recordReaderRejects(
  db: DuckDbSession,
  file: LocalInputFile,
  headerLines: number,
  placement: StagedPlacement = { idx: file.idx, table: stagedFileTable(file.idx), offset: 0 },
): Promise<void> {
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
  const { table, offset } = placement;
  const position = `${table}.rowid + 1 - ${offset}`;
  await db.run(
    `UPDATE ${table} SET line_no = ${position} + ${headerLines} + (SELECT count(*) FROM ${READ_REJECTS_TABLE} r WHERE r.file_idx = ${file.idx} AND r.line - ${headerLines} - r.rank < ${position}) WHERE file_idx = ${file.idx}`,
  );
}

/** DuckDB errors caused by the bytes of a file (as opposed to a bug in the SQL). */
export function isInputError(err: unknown): err is { message: string } {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /^(IO|Invalid Input|Conversion) Error/.test(message);
}
