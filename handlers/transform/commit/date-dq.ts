import type { DqInputs } from '../../lib/dq/evaluate';
import { ruleCountsSql } from '../../lib/dq/rule-sql';
import type { DqRule } from '../../lib/dq/rules';
import { sqlString } from '../../lib/contract/sql-text';
import type { DuckDbSession } from '../../lib/duckdb/session';
import { PARTITION_COLUMN } from '../../lib/iceberg/curated-schema';
import type { CommitRecord } from '../../lib/tracking/commit-log';

/** What this run adds to the date's DQ totals. */
export interface RunDqTotals {
  readonly rowsRead: number;
  readonly rejectedRows: number;
  /** Candidates refused because the date (or the run) already had their key. */
  readonly duplicateRows: number;
}

/**
 * The DQ inputs of a date as it would be after the commit being prepared: null rates, accepted
 * values and the row count over the date's rows in the table (read inside the open transaction,
 * so they include its own deletes and inserts), rejects and duplicates summed over the date's
 * commits since its last replace plus this run. The rules of S2 hold per date, not per manifest.
 */
export async function dateDqInputs(
  db: DuckDbSession,
  rules: readonly DqRule[],
  table: string,
  date: string,
  prior: readonly CommitRecord[],
  run: RunDqTotals,
): Promise<DqInputs> {
  const rows = `(SELECT *, CAST(NULL AS VARCHAR) AS reason FROM ${table} WHERE ${PARTITION_COLUMN} = DATE ${sqlString(date)}) AS date_rows`;
  const [row] = await db.rows(ruleCountsSql(rules, rows));
  const ruleCounts = new Map<number, number>();
  rules.forEach((_r, i) => {
    const v = row?.[`rule_${i}`];
    if (v !== undefined) ruleCounts.set(i, Number(v));
  });
  const sum = (f: (r: CommitRecord) => number): number => prior.reduce((n, r) => n + f(r), 0);
  return {
    rowsRead: sum((r) => r.rowsRead) + run.rowsRead,
    rejectedRows: sum((r) => r.rejectedRows) + run.rejectedRows,
    acceptedRows: Number(row?.accepted_rows ?? 0),
    ruleCounts,
    duplicateRows: sum((r) => r.duplicateRows) + run.duplicateRows,
  };
}
