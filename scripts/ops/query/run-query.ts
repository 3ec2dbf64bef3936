import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type Json } from '@duckdb/node-api';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { curatedEventsDir } from './cache-dir';
import { NoCuratedDataError, SqlError } from './query-errors';

/** A query result in plain values: column names and types, rows in column order. */
export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly Json[])[];
}

/** The name of the view over the curated events. */
export const EVENTS_VIEW = 'events';

const INTEGER_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);

/** A single-quoted SQL string literal. */
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

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

async function hasParquet(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir, { recursive: true })).some((f) => f.endsWith('.parquet'));
  } catch {
    return false;
  }
}

/** SQL of the `events` view: every cached Parquet part, `ingestion_date` from the folder. */
export function eventsViewSql(eventsDir: string): string {
  const glob = join(eventsDir, '**', '*.parquet');
  return (
    `CREATE OR REPLACE VIEW ${EVENTS_VIEW} AS SELECT * FROM read_parquet(${literal(glob)}, ` +
    `hive_partitioning = true, hive_types = {'ingestion_date': DATE}, union_by_name = true)`
  );
}

async function execute(conn: DuckDBConnection, sql: string): Promise<QueryResult> {
  let reader;
  try {
    reader = await conn.runAndReadAll(sql);
  } catch (err) {
    throw new SqlError(oneLineSqlMessage(err), { cause: err, context: { sql } });
  }
  const types = reader.columnTypes();
  const columns = reader
    .deduplicatedColumnNames()
    .map((name, i) => ({ name, type: types[i]!.toString() }));
  // Counts and sums are 64/128-bit: the JSON converter gives them as strings; as numbers when exact.
  const rows = reader
    .getRowsJson()
    .map((row) =>
      row.map((v, i) =>
        typeof v === 'string' &&
        INTEGER_TYPES.has(types[i]!.typeId) &&
        Number.isSafeInteger(Number(v))
          ? Number(v)
          : v,
      ),
    );
  return { columns, rows };
}

/**
 * Runs `sql` in an in-memory DuckDB with the view `events` over the cached curated Parquet of
 * the cache root (hive-partitioned by `ingestion_date`, schemas of all parts unioned by name).
 * SQL errors become one-line user errors with DuckDB's message; no cached Parquet at all is a
 * user error too (DuckDB's "no files found" says nothing about why).
 */
export async function runQuery(root: string, sql: string): Promise<QueryResult> {
  const eventsDir = curatedEventsDir(root);
  if (!(await hasParquet(eventsDir))) {
    throw new NoCuratedDataError(
      'no curated data on this target yet: upload raw files and run the pipeline (pipeline run --until-idle)',
    );
  }
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  try {
    const conn = await instance.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      await conn.run(eventsViewSql(eventsDir));
      return await execute(conn, sql);
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
