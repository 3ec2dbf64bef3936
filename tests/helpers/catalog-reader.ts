/**
 * The tests' one way to read the curated tables: through the catalog of the test's emulator
 * (its REST catalog), with this machine's DuckDB extensions, like every reader of the pipeline.
 */
import type { Json } from '@duckdb/node-api';
import type { DuckDbSession } from '../../handlers/lib/duckdb/session';
import type { CatalogAccess } from '../../handlers/lib/iceberg/catalog-session';
import { catalogTargetFor } from '../../handlers/lib/iceberg/catalog-target';
import { withCatalogReader, type RowsQuery } from '../../handlers/lib/iceberg/table-reader';
import { readSourceRows } from '../../handlers/lib/iceberg/table-reader';
import type { EmulatorTarget } from '../../handlers/lib/aws/target';
import { curatedTableRef, type ResourceNames } from '../../handlers/lib/names';
import { hostExtensionDir } from '../../scripts/emulator/paths';

/** Catalog access of a test backend's target. */
export const testCatalogAccess = (target: EmulatorTarget): CatalogAccess => ({
  catalog: catalogTargetFor(target),
  extensionDir: hostExtensionDir(),
});

/** A source's rows (one date, or all) through the catalog, in `ORDER BY ALL` order. */
export async function sourceRows(
  target: EmulatorTarget,
  names: ResourceNames,
  source = 'app',
  query: RowsQuery = {},
): Promise<Record<string, Json>[]> {
  return readSourceRows(testCatalogAccess(target), curatedTableRef(names, source), query);
}

/** Runs `fn` on a DuckDB session with the catalog attached (closed afterwards). */
export async function withCatalog<T>(
  target: EmulatorTarget,
  fn: (db: DuckDbSession) => Promise<T>,
): Promise<T> {
  return withCatalogReader(testCatalogAccess(target), fn);
}
