import type { Json } from '@duckdb/node-api';
import { sqlIdent, sqlString } from '../contract/sql-text';
import { openMemoryDuckDb, type DuckDbSession } from '../duckdb/session';
import type { CuratedTableRef } from '../names';
import { attachCatalog, tableSql, type CatalogAccess } from './catalog-session';
import { PARTITION_COLUMN } from './curated-schema';
import { IcebergError } from './iceberg-errors';

/**
 * A past state of a table: one snapshot (its id, as `iceberg_snapshots` and the ledger give
 * it) or the state at a time (the snapshot current then).
 */
export type AsOf =
  | { readonly kind: 'snapshot'; readonly snapshotId: string }
  | { readonly kind: 'time'; readonly at: Date };

/** An --as-of value that is neither a snapshot id nor a time. */
export class AsOfError extends IcebergError {}

/**
 * Reads an --as-of value: digits are a snapshot id (Iceberg ids are 64-bit, kept as text so
 * none is rounded), anything else must be an ISO-8601 time; a time without a zone is UTC, as
 * everything in the pipeline is.
 */
export function parseAsOf(value: string): AsOf {
  const v = value.trim();
  if (/^-?\d+$/.test(v)) return { kind: 'snapshot', snapshotId: v };
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(v) || !/[T ]/.test(v) ? v : `${v}Z`;
  const at = new Date(zoned.replace(' ', 'T'));
  if (!iso.test(v) || Number.isNaN(at.getTime())) {
    throw new AsOfError(
      `--as-of must be a snapshot id or an ISO time such as 2026-11-20T12:00:00Z, not "${value}"`,
    );
  }
  return { kind: 'time', at };
}

/** The time-travel clause of a table reference (`FROM t AT (...)`), empty for the current state. */
export function asOfClause(asOf?: AsOf): string {
  if (!asOf) return '';
  if (asOf.kind === 'snapshot') return ` AT (VERSION => ${BigInt(asOf.snapshotId).toString()})`;
  const ts = asOf.at.toISOString().replace('T', ' ').replace('Z', '');
  return ` AT (TIMESTAMP => TIMESTAMP ${sqlString(ts)})`;
}

/** What to read of a source's table. */
export interface RowsQuery {
  /** One ingestion date (YYYY-MM-DD); every date when undefined. */
  readonly date?: string;
  readonly asOf?: AsOf;
  /** Columns left out (those that legitimately differ between runs). */
  readonly exclude?: readonly string[];
}

/**
 * `SELECT` of a source's rows through the catalog, in a deterministic order (`ORDER BY ALL`),
 * so two reads of the same state compare row for row.
 */
export function sourceRowsSql(
  ref: Pick<CuratedTableRef, 'namespace' | 'table'>,
  q: RowsQuery = {},
): string {
  const exclude = q.exclude?.length ? ` EXCLUDE (${q.exclude.map(sqlIdent).join(', ')})` : '';
  const where = q.date ? ` WHERE ${sqlIdent(PARTITION_COLUMN)} = DATE ${sqlString(q.date)}` : '';
  return `SELECT *${exclude} FROM ${tableSql(ref)}${asOfClause(q.asOf)}${where} ORDER BY ALL`;
}

/**
 * An in-memory DuckDB session with the catalog attached: the one way every reader (CLI query,
 * history, export, tests) opens the curated tables, so none reads data files behind the
 * catalog's back (a file can be in the bucket and not in the table: deleted rows, a failed
 * writer's leftovers, a compaction's inputs).
 */
export async function openCatalogReader(access: CatalogAccess): Promise<DuckDbSession> {
  const db = await openMemoryDuckDb();
  try {
    await attachCatalog(db, access);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Runs `fn` on a catalog reader and closes it whatever happens. */
export async function withCatalogReader<T>(
  access: CatalogAccess,
  fn: (db: DuckDbSession) => Promise<T>,
): Promise<T> {
  const db = await openCatalogReader(access);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** A source's rows (optionally one date, optionally a past state) read through the catalog. */
export async function readSourceRows(
  access: CatalogAccess,
  ref: Pick<CuratedTableRef, 'namespace' | 'table'>,
  q: RowsQuery = {},
): Promise<Record<string, Json>[]> {
  return withCatalogReader(access, (db) => db.rows(sourceRowsSql(ref, q)));
}
