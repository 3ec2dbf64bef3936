import { sqlString } from '../../lib/contract/sql-text';
import type { StagedPlacement } from '../../lib/contract/staging-sql';
import { text, type DuckDbSession } from '../../lib/duckdb/session';

export type { StagedPlacement } from '../../lib/contract/staging-sql';

/**
 * Where each staged file's rows are: its table (its own, or its group's) and the `rowid` of its
 * first row there. A group of small files stays one table instead of being copied into one
 * table per file (a statement per file: a third of a small file's staging), so every reader
 * of rows by position (dedup marks, reader-reject line shifts) looks the table up here.
 */
export const STAGED_LAYOUT_TABLE = 'staged_layout';

/** Creates the (empty) layout of a run's staged files. */
export async function createStagedLayout(db: DuckDbSession): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TABLE ${STAGED_LAYOUT_TABLE} (file_idx INTEGER, tbl VARCHAR, row_offset BIGINT)`,
  );
}

/** Records where staged files' rows are. */
export async function recordPlacements(
  db: DuckDbSession,
  placements: readonly StagedPlacement[],
): Promise<void> {
  if (placements.length === 0) return;
  const values = placements.map((p) => `(${p.idx}, ${sqlString(p.table)}, ${p.offset})`);
  await db.run(`INSERT INTO ${STAGED_LAYOUT_TABLE} VALUES ${values.join(', ')}`);
}

/**
 * The tables holding the rows `rowsSql` names (`file_idx`, `ord`), each with the SQL of their
 * `rowid`s in it: how a few rows are updated in place wherever their file was staged.
 */
export async function rowidsByTable(
  db: DuckDbSession,
  rowsSql: string,
): Promise<{ table: string; rowids: string }[]> {
  const tables = await db.rows(
    `SELECT DISTINCT l.tbl FROM (${rowsSql}) m JOIN ${STAGED_LAYOUT_TABLE} l USING (file_idx) ORDER BY l.tbl`,
  );
  return tables.map((t) => {
    const table = text(t.tbl);
    return {
      table,
      rowids: `SELECT m.ord - 1 + l.row_offset FROM (${rowsSql}) m JOIN ${STAGED_LAYOUT_TABLE} l USING (file_idx) WHERE l.tbl = ${sqlString(table)}`,
    };
  });
}
