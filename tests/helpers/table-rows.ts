/**
 * Reads a curated table through its catalog, as every reader does: DuckDB with the pinned
 * extensions, the catalog attached, the source's table as the view `curated`.
 */
import type { Json } from '@duckdb/node-api';
import type { EmulatorTarget } from '../../handlers/lib/aws/target';
import { openMemoryDuckDb } from '../../handlers/lib/duckdb/session';
import { attachCatalog, tableSql } from '../../handlers/lib/iceberg/catalog-session';
import { catalogTargetFor } from '../../handlers/lib/iceberg/catalog-target';
import { curatedTableName } from '../../handlers/lib/names';
import { hostExtensionDir } from '../../scripts/emulator/paths';

export type Row = Record<string, Json>;

/** Runs `sql` over the view `curated` (the source's table; `AT (...)` clause for time travel). */
export async function tableQuery(
  target: EmulatorTarget,
  namespace: string,
  sql: string,
  options: { source?: string; at?: string } = {},
): Promise<Row[]> {
  const db = await openMemoryDuckDb();
  try {
    await attachCatalog(db, {
      catalog: catalogTargetFor(target),
      extensionDir: hostExtensionDir(),
    });
    const table = tableSql({ namespace, table: curatedTableName(options.source ?? 'app') });
    await db.run(
      `CREATE TEMP VIEW curated AS SELECT * FROM ${table}${options.at ? ` AT (${options.at})` : ''}`,
    );
    return await db.rows(sql);
  } finally {
    db.close();
  }
}
