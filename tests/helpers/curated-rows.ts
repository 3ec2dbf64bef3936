/**
 * Reads what the pipeline curated, the way an analyst would: through the curated tables'
 * catalog (the REST catalog beside the test's emulator), never by listing data files, so a
 * file the table does not reference (a removed or replaced one, a failed writer's leftover)
 * is never counted. Tests compare runs row for row with it.
 */
import type { Json } from '@duckdb/node-api';
import type { AwsClients } from '../../handlers/lib/aws/clients';
import type { EmulatorTarget } from '../../handlers/lib/aws/target';
import { tableSql } from '../../handlers/lib/iceberg/catalog-session';
import { sqlIdent, sqlString } from '../../handlers/lib/contract/sql-text';
import { curatedTableRef, type ResourceNames } from '../../handlers/lib/names';
import { withCatalog } from './catalog-reader';

export type Row = Record<string, Json>;

/** Curated rows of a source's table, in a deterministic order (`ORDER BY ALL`), as JSON values. */
export interface CuratedQuery {
  /** Columns left out (those that legitimately differ between runs). */
  readonly exclude?: readonly string[];
  /** SQL over the view `curated` instead of `SELECT * FROM curated ORDER BY ALL`. */
  readonly sql?: string;
  /** The source whose table is read; `app` by default. */
  readonly source?: string;
  /** One ingestion date only (YYYY-MM-DD). */
  readonly date?: string;
}

const targetOf = (clients: AwsClients): EmulatorTarget => {
  if (clients.target.kind === 'aws') throw new Error('tests read curated tables on emulators only');
  return clients.target;
};

/**
 * Exposes a source's table (optionally one date) as the DuckDB view `curated` through the
 * catalog and runs the query. An empty table gives no rows.
 */
export async function curatedRows(
  clients: AwsClients,
  names: ResourceNames,
  query: CuratedQuery = {},
): Promise<Row[]> {
  const ref = curatedTableRef(names, query.source ?? 'app');
  return withCatalog(targetOf(clients), async (db) => {
    const where = query.date ? ` WHERE ingestion_date = DATE ${sqlString(query.date)}` : '';
    await db.run(`CREATE OR REPLACE TEMP VIEW curated AS SELECT * FROM ${tableSql(ref)}${where}`);
    const exclude = query.exclude?.length
      ? ` EXCLUDE (${query.exclude.map(sqlIdent).join(', ')})`
      : '';
    return db.rows(query.sql ?? `SELECT *${exclude} FROM curated ORDER BY ALL`);
  });
}

/** Rows and distinct event ids per ingestion date: the reconciliation's curated side. */
export async function curatedCountsByDate(
  clients: AwsClients,
  names: ResourceNames,
): Promise<Map<string, { rows: number; ids: number }>> {
  const rows = await curatedRows(clients, names, {
    sql: `SELECT CAST(ingestion_date AS VARCHAR) AS d, count(*) AS n, count(DISTINCT event_id) AS ids FROM curated GROUP BY ALL`,
  });
  return new Map(rows.map((r) => [r.d as string, { rows: Number(r.n), ids: Number(r.ids) }]));
}
