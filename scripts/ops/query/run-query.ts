import { DuckDBTypeId, type Json } from '@duckdb/node-api';
import { configuredSources } from '../../../handlers/lib/contract/contracts';
import { sqlIdent } from '../../../handlers/lib/contract/sql-text';
import type { DuckDbSession } from '../../../handlers/lib/duckdb/session';
import type { CatalogAccess } from '../../../handlers/lib/iceberg/catalog-session';
import { tableSql } from '../../../handlers/lib/iceberg/catalog-session';
import {
  asOfClause,
  openCatalogReader,
  type AsOf,
} from '../../../handlers/lib/iceberg/table-reader';
import {
  curatedTableRef,
  type CuratedTableRef,
  type ResourceNames,
} from '../../../handlers/lib/names';
import { NoCuratedDataError, SqlError } from './query-errors';

/** A query result in plain values: column names and types, rows in column order. */
export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly Json[])[];
}

/** The name of the view over the `app` source's table, as queries have used it since v1. */
export const EVENTS_VIEW = 'events';

/** A view a query can name, and the curated table behind it. */
export interface QueryView {
  readonly name: string;
  readonly ref: CuratedTableRef;
}

/**
 * The views of a deployment: one per source named after its table (`app`), and `events` for the
 * `app` source, the name every query had before the tables were per source.
 */
export function queryViews(names: ResourceNames): QueryView[] {
  const sources = configuredSources();
  const views = sources.map((s) => ({
    name: curatedTableRef(names, s).table,
    ref: curatedTableRef(names, s),
  }));
  if (sources.includes('app'))
    views.unshift({ name: EVENTS_VIEW, ref: curatedTableRef(names, 'app') });
  return views;
}

/** Read on first use, so loading this module (the CLI does at start) does not load DuckDB. */
const integerTypes = (): ReadonlySet<DuckDBTypeId> =>
  new Set<DuckDBTypeId>([
    DuckDBTypeId.BIGINT,
    DuckDBTypeId.UBIGINT,
    DuckDBTypeId.HUGEINT,
    DuckDBTypeId.UHUGEINT,
  ]);

/**
 * DuckDB's message on one line: its first line names the error class and the problem
 * ("Parser Error: syntax error at or near …"); the rest is a caret picture of the SQL.
 */
export function oneLineSqlMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (
    message
      .replace(/^Error: /, '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? 'unknown DuckDB error'
  );
}

/** SQL of one view: the table through the catalog, at a past state when asked. */
export function viewSql(view: QueryView, asOf?: AsOf): string {
  return `CREATE OR REPLACE TEMP VIEW ${sqlIdent(view.name)} AS SELECT * FROM ${tableSql(view.ref)}${asOfClause(asOf)}`;
}

/** Whether a table has a snapshot of that id (a snapshot id belongs to one table). */
async function hasSnapshot(db: DuckDbSession, ref: CuratedTableRef, id: string): Promise<boolean> {
  const rows = await db.rows(
    `SELECT count(*) AS n FROM iceberg_snapshots(${tableSql(ref)}) WHERE snapshot_id = ${BigInt(id).toString()}`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

async function createViews(
  db: DuckDbSession,
  views: readonly QueryView[],
  asOf?: AsOf,
): Promise<void> {
  let chosen = views;
  if (asOf?.kind === 'snapshot') {
    const found: QueryView[] = [];
    for (const v of views) if (await hasSnapshot(db, v.ref, asOf.snapshotId)) found.push(v);
    if (found.length === 0) {
      throw new NoCuratedDataError(
        `no curated table has snapshot ${asOf.snapshotId} (see pipeline history <date> for snapshot ids)`,
      );
    }
    chosen = found;
  }
  for (const v of chosen) {
    try {
      await db.run(viewSql(v, asOf));
    } catch (err) {
      const what = asOf
        ? ` as of ${asOf.kind === 'snapshot' ? asOf.snapshotId : asOf.at.toISOString()}`
        : '';
      throw new NoCuratedDataError(
        `cannot read the curated table ${v.ref.namespace}.${v.ref.table}${what}: ${oneLineSqlMessage(err)}`,
        { cause: err, context: { view: v.name } },
      );
    }
  }
}

/** Runs the user's SQL; a SQL error becomes one line with DuckDB's message. */
async function execute(db: DuckDbSession, sql: string): Promise<QueryResult> {
  let reader;
  try {
    reader = await db.read(sql);
  } catch (err) {
    throw new SqlError(oneLineSqlMessage(err), { cause: err, context: { sql } });
  }
  const types = reader.columnTypes();
  const columns = reader
    .deduplicatedColumnNames()
    .map((name, i) => ({ name, type: types[i]!.toString() }));
  // Counts and sums are 64/128-bit: the JSON converter gives them as strings; as numbers when exact.
  const integer = integerTypes();
  const rows = reader
    .getRowsJson()
    .map((row) =>
      row.map((v, i) =>
        typeof v === 'string' && integer.has(types[i]!.typeId) && Number.isSafeInteger(Number(v))
          ? Number(v)
          : v,
      ),
    );
  return { columns, rows };
}

/**
 * Runs `sql` in an in-memory DuckDB with the curated tables' catalog attached and one view per
 * source (see queryViews), each at `asOf` when given (time travel through the catalog: the
 * snapshot current at a time, or one snapshot id, whose table alone is then exposed).
 */
export async function runQuery(
  access: CatalogAccess,
  views: readonly QueryView[],
  sql: string,
  asOf?: AsOf,
): Promise<QueryResult> {
  const db = await openCatalogReader(access);
  try {
    await createViews(db, views, asOf);
    return await execute(db, sql);
  } finally {
    db.close();
  }
}
