import { stagedFileTable, type StagedPlacement } from '../../lib/contract/staging-sql';
import { sqlStringList } from '../../lib/contract/sql-text';
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

/** A staged file and where its rows are (its own table unless given). */
export interface PlacedFile {
  readonly file: LocalInputFile;
  readonly placement?: StagedPlacement;
}

/**
 * Records the lines DuckDB's reader rejected in the files of one staging statement (invalid
 * UTF-8, too long, wrong cell count) with their line numbers, in one query however many files
 * the statement read, and shifts each such file's staged rows after those lines back to their
 * lines in the file.
 */
export async function recordReaderRejects(
  db: DuckDbSession,
  files: readonly PlacedFile[],
  headerLines: number,
): Promise<void> {
  if (files.length === 0) return;
  const paths = sqlStringList(files.map((f) => f.file.path));
  const idxs = `[${files.map((f) => f.file.idx).join(', ')}]`;
  // In SQL, not JS: a file of many unreadable lines must not become one huge statement.
  await db.run(
    `INSERT INTO ${READ_REJECTS_TABLE}
SELECT file_idx, line, row_number() OVER (PARTITION BY file_idx ORDER BY line), ${READER_REASON_SQL} FROM (
  SELECT ${idxs}[list_position(${paths}, s.file_path)] AS file_idx, e.line, e.error_type, e.error_message
  FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)
  WHERE list_contains(${paths}, s.file_path)
  QUALIFY row_number() OVER (PARTITION BY s.file_path, e.line ORDER BY e.column_idx) = 1
)`,
  );
  const found = await db.rows(
    `SELECT DISTINCT file_idx FROM ${READ_REJECTS_TABLE} WHERE list_contains(${idxs}, file_idx)`,
  );
  const withRejects = new Set(found.map((r) => Number(r.file_idx)));
  for (const { file, placement } of files) {
    if (!withRejects.has(file.idx)) continue;
    // Rows after a reader-rejected line were numbered without it: shift them back to file lines.
    const { table, offset } = placement ?? { table: stagedFileTable(file.idx), offset: 0 };
    const position = `${table}.rowid + 1 - ${offset}`;
    await db.run(
      `UPDATE ${table} SET line_no = ${position} + ${headerLines} + (SELECT count(*) FROM ${READ_REJECTS_TABLE} r WHERE r.file_idx = ${file.idx} AND r.line - ${headerLines} - r.rank < ${position}) WHERE file_idx = ${file.idx}`,
    );
  }
}

/** DuckDB errors caused by the bytes of a file (as opposed to a bug in the SQL). */
export function isInputError(err: unknown): err is { message: string } {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /^(IO|Invalid Input|Conversion) Error/.test(message);
}
