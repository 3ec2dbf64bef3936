import type { DqRule } from '../../lib/dq/rules';
import type { DqInputs } from '../../lib/dq/evaluate';
import { ruleCountsSql } from '../../lib/dq/rule-sql';
import { STAGED_TABLE } from '../../lib/contract/staging-sql';
import { sqlIdent } from '../../lib/contract/sql-text';
import { text, type DuckDbSession } from '../../lib/duckdb/session';
import { READ_REJECTS_TABLE, REFUSED_FILES_TABLE } from './stage-files';

/** Counts of one run before any output is written. */
export interface RunCounts extends DqInputs {
  /** Distinct dedup keys among accepted rows (when asked for): the rows a passing run writes. */
  readonly distinctKeys?: number;
  /** Accepted rows that carry fields the contract does not know. */
  readonly driftRows: number;
  /** The most frequent unknown field paths with their row counts. */
  readonly driftFields: readonly { field: string; rows: number }[];
  /** Files refused as a whole, and their lines (as far as they could be counted). */
  readonly refusedFiles: number;
  readonly refusedLines: number;
}

const num = (v: unknown): number => Number(v ?? 0);

/**
 * Computes every count the data-quality rules and the metrics need, from the staging table and
 * the reader's rejects. Lines of refused files are not rows read: they are counted on their
 * own (`refusedLines`), so the reject-rate rule measures the lines of the readable files and a
 * bad file never sinks the good ones it shares a manifest with; the refusal itself is reported
 * in the metrics, the rejects and an alert.
 */
export async function runCounts(
  db: DuckDbSession,
  rules: readonly DqRule[],
  dedupKey?: string,
): Promise<RunCounts> {
  const [row] = await db.rows(ruleCountsSql(rules, STAGED_TABLE));
  const [keys] = dedupKey
    ? await db.rows(
        `SELECT count(DISTINCT ${sqlIdent(dedupKey)}) AS n FROM ${STAGED_TABLE} WHERE reason IS NULL`,
      )
    : [];
  const [reader] = await db.rows(`SELECT count(*) AS n FROM ${READ_REJECTS_TABLE}`);
  const [drift] = await db.rows(
    `SELECT count(*) AS n FROM ${STAGED_TABLE} WHERE reason IS NULL AND len(unknown_fields) > 0`,
  );
  const fields = await db.rows(
    `SELECT f AS field, count(*) AS rows FROM (SELECT unnest(unknown_fields) AS f FROM ${STAGED_TABLE} WHERE reason IS NULL) GROUP BY f ORDER BY rows DESC, field LIMIT 50`,
  );
  const [refused] = await db.rows(
    `SELECT count(*) AS files, coalesce(sum(lines), 0) AS lines FROM ${REFUSED_FILES_TABLE}`,
  );
  const ruleCounts = new Map<number, number>();
  rules.forEach((_r, i) => {
    const v = row?.[`rule_${i}`];
    if (v !== undefined) ruleCounts.set(i, num(v));
  });
  const acceptedRows = num(row?.accepted_rows);
  const rejectedRows = num(row?.rejected_rows) + num(reader?.n);
  return {
    rowsRead: acceptedRows + rejectedRows,
    acceptedRows,
    rejectedRows,
    ruleCounts,
    ...(keys ? { distinctKeys: num(keys.n) } : {}),
    driftRows: num(drift?.n),
    driftFields: fields.map((f) => ({ field: text(f.field), rows: num(f.rows) })),
    refusedFiles: num(refused?.files),
    refusedLines: num(refused?.lines),
  };
}
