import { sqlIdent } from '../contract/sql-text';
import type { DuckDbSession } from '../duckdb/session';
import type { CuratedTableRef } from '../names';
import { attachCatalogSql, CATALOG_ALIAS, type CatalogTarget } from './catalog-target';
import { loadExtensionsSql } from './extensions';

/** What a DuckDB session needs to reach the curated tables. */
export interface CatalogAccess {
  readonly catalog: CatalogTarget;
  /** Directory of the `<name>.duckdb_extension` files (DUCKDB_EXTENSION_DIR). */
  readonly extensionDir: string;
}

/**
 * Loads the pinned extensions by path and attaches the catalog to an open session, so every
 * reader and writer (transform, CLI, report, tests) reaches the tables the same way, as
 * `lake.<namespace>.<table>`. Extensions are never installed from the network.
 */
export async function attachCatalog(
  db: DuckDbSession,
  access: CatalogAccess & { readonly extensionsLoaded?: boolean },
): Promise<void> {
  const load = access.extensionsLoaded ? [] : loadExtensionsSql(access.extensionDir);
  for (const sql of [...load, ...attachCatalogSql(access.catalog)]) {
    await db.run(sql);
  }
}

/** The SQL name of a curated table in a session with the catalog attached. */
export const tableSql = (ref: Pick<CuratedTableRef, 'namespace' | 'table'>): string =>
  `${CATALOG_ALIAS}.${sqlIdent(ref.namespace)}.${sqlIdent(ref.table)}`;
