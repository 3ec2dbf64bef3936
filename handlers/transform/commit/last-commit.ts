import { sqlString } from '../../lib/contract/sql-text';
import { text, type DuckDbSession } from '../../lib/duckdb/session';
import { commitRecordSchema, recordCommit, type CommitRecord } from '../../lib/tracking/commit-log';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Table property every pipeline commit sets in the same catalog commit as its data: the commit
 * record. DuckDB 1.5.5 writes no custom snapshot-summary fields, so this property is what ties a
 * table version to the run that made it, atomically.
 */
export const LAST_COMMIT_PROPERTY = 'pipeline.last-commit';

/** The commit record the table's current version carries, if a pipeline commit made it. */
export async function lastCommit(
  db: DuckDbSession,
  table: string,
): Promise<CommitRecord | undefined> {
  const [row] = await db.rows(
    `SELECT value FROM iceberg_table_properties(${table}) WHERE key = ${sqlString(LAST_COMMIT_PROPERTY)}`,
  );
  if (!row) return undefined;
  const parsed = commitRecordSchema.safeParse(JSON.parse(text(row.value)));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Records in the ledger the commit the table's current version carries. Every writer calls it
 * under the table lock before its own commit, so a commit whose own ledger write was lost to a
 * crash is recorded before anything can replace the property: the ledger misses no commit.
 */
export async function reconcileLastCommit(
  db: DuckDbSession,
  table: string,
  ddb: DynamoDBDocumentClient,
  metricsTable: string,
): Promise<CommitRecord | undefined> {
  const last = await lastCommit(db, table);
  if (last) await recordCommit(ddb, metricsTable, last);
  return last;
}
