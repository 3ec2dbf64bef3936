import type { SourceContract } from '../../lib/contract/contract';
import { STAGED_TABLE } from '../../lib/contract/staging-sql';
import { sqlIdent, sqlString } from '../../lib/contract/sql-text';
import { text, type DuckDbSession } from '../../lib/duckdb/session';
import { INPUT_FILES_TABLE } from './stage-files';
import { rowidsByTable } from './staged-layout';

/** The accepted rows deduplication dropped, by file and position: a few, never every row. */
export const DEDUP_LOSERS_TABLE = 'dedup_losers';

/**
 * What breaks a tie of event time between two rows of one key: the file's position in the
 * manifest (a local run) or the raw object's key (every commit to a date: see `winsOverSql`);
 * then the line.
 */
export type DedupTieBreak = 'file' | 'sourceFile';

/**
 * A per-file value as SQL over `file_idx`: a list literal indexed by the file, so stamping each
 * row with its file's key or manifest costs a lookup instead of a join (which would not keep
 * the rows' order, and so would need a sort of every row, raw text included).
 */
export function perFileSql(byFile: ReadonlyMap<number, string>, column = 'file_idx'): string {
  const size = Math.max(-1, ...byFile.keys()) + 1;
  const items = Array.from({ length: size }, (_, i) => {
    const v = byFile.get(i);
    return v === undefined ? 'NULL' : sqlString(v);
  });
  return `CAST([${items.join(', ')}] AS VARCHAR[])[${column} + 1]`;
}

/** The staged files' raw object keys, by file index. */
export async function sourceFiles(db: DuckDbSession): Promise<Map<number, string>> {
  const rows = await db.rows(`SELECT file_idx, source_file FROM ${INPUT_FILES_TABLE}`);
  return new Map(rows.map((r) => [Number(r.file_idx), text(r.source_file)]));
}

/**
 * Marks in place (`dup`) every accepted row that loses deduplication: for each dedup key held
 * by more than one accepted row, all but the earliest event time (then the tie-break, then the
 * line). Only the keys that repeat are ordered: a hash aggregate finds them, and the window
 * sorts their few rows instead of every row. Returns the number of losers; running it again
 * gives the same marks.
 */
export async function markDuplicates(
  db: DuckDbSession,
  contract: SourceContract,
  tieBreak: DedupTieBreak,
): Promise<number> {
  const key = sqlIdent(contract.dedupKey);
  const time = sqlIdent(contract.eventTime);
  const tie = tieBreak === 'file' ? 's.file_idx' : 'f.source_file';
  await db.run(`CREATE OR REPLACE TEMP TABLE ${DEDUP_LOSERS_TABLE} AS
SELECT file_idx, ord FROM (
  SELECT s.file_idx, s.ord, row_number() OVER (PARTITION BY s.${key} ORDER BY s.${time}, ${tie}, s.line_no) AS rn
  FROM ${STAGED_TABLE} s JOIN ${INPUT_FILES_TABLE} f USING (file_idx)
  WHERE s.reason IS NULL AND s.${key} IN (
    SELECT ${key} FROM ${STAGED_TABLE} WHERE reason IS NULL GROUP BY ${key} HAVING count(*) > 1
  )
) WHERE rn > 1`);
  const marked = await rowidsByTable(db, `SELECT file_idx, ord FROM ${STAGED_TABLE} WHERE dup`);
  for (const { table } of marked) await db.run(`UPDATE ${table} SET dup = NULL WHERE dup`);
  return markStaged(db, `SELECT file_idx, ord FROM ${DEDUP_LOSERS_TABLE}`);
}

/** The rows {@link markStaged} marked last. */
const MARKED_ROWS_TABLE = 'marked_rows';

/**
 * Marks staged rows as not to be published (`dup`), in the tables holding them, from a query of
 * their `file_idx` and `ord`: a few rows (dedup losers, keys a date already holds), so readers
 * of the staged view skip them in place instead of copying every other row. Returns how many.
 */
export async function markStaged(db: DuckDbSession, rowsSql: string): Promise<number> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${MARKED_ROWS_TABLE} AS ${rowsSql}`);
  const marked = `SELECT file_idx, ord FROM ${MARKED_ROWS_TABLE}`;
  for (const { table, rowids } of await rowidsByTable(db, marked)) {
    await db.run(`UPDATE ${table} SET dup = true WHERE rowid IN (${rowids})`);
  }
  const [n] = await db.rows(`SELECT count(*) AS n FROM ${MARKED_ROWS_TABLE}`);
  return Number(n?.n ?? 0);
}
