/**
 * SQL over one source's curated table as the view `curated` (optionally as of a past state),
 * read through the catalog by the tests' one catalog reader.
 */
import type { Json } from '@duckdb/node-api';
import type { EmulatorTarget } from '../../handlers/lib/aws/target';
import { tableSql } from '../../handlers/lib/iceberg/catalog-session';
import { curatedTableName } from '../../handlers/lib/names';
import { withCatalog } from './catalog-reader';

export type Row = Record<string, Json>;

/** Runs `sql` over the view `curated` (the source's table; `at` is an `AT (...)` clause's body). */
export async function tableQuery(
  target: EmulatorTarget,
  namespace: string,
  sql: string,
  options: { source?: string; at?: string } = {},
): Promise<Row[]> {
  return withCatalog(target, async (db) => {
    const table = tableSql({ namespace, table: curatedTableName(options.source ?? 'app') });
    const at = options.at ? ` AT (${options.at})` : '';
    await db.run(`CREATE OR REPLACE TEMP VIEW curated AS SELECT * FROM ${table}${at}`);
    return db.rows(sql);
  });
}
