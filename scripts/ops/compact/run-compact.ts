import type { AwsClients } from '../../../handlers/lib/aws/clients';
import { curatedTableRef, type ResourceNames } from '../../../handlers/lib/names';
import { DEFAULT_MAINTENANCE_SETTINGS } from '../../../handlers/maintenance/config';
import { compactSource, type DateCompaction } from '../../../handlers/maintenance/maintenance';
import { catalogAccess } from '../catalog/catalog-access';
import { maintenanceDeps } from './maintenance-deps';

export interface CompactOptions {
  readonly names: ResourceNames;
  readonly source: string;
  /** One date; every date that needs it (and is quiet) when undefined. */
  readonly date?: string;
}

/**
 * `pipeline compact` without the terminal: the maintenance core's compaction of one source,
 * one date or all that need it, with the same settings as the scheduled function's defaults.
 * An explicit date is compacted even if it was committed to a minute ago: the operator asked.
 */
export async function runCompact(
  clients: AwsClients,
  options: CompactOptions,
): Promise<DateCompaction[]> {
  const deps = maintenanceDeps(clients, options.names, await catalogAccess(clients));
  return compactSource(
    deps,
    { source: options.source, ref: curatedTableRef(options.names, options.source) },
    DEFAULT_MAINTENANCE_SETTINGS,
    options.date ? [options.date] : undefined,
  );
}

const files = (n: number, what: string): string => `${n} ${what} file${n === 1 ? '' : 's'}`;

/** One line per date: what was rewritten into what, and the commit. */
export function compactionLine(c: DateCompaction): string {
  const before = `${files(c.dataFilesBefore, 'data')} + ${files(c.deleteFilesBefore, 'delete')}`;
  if (!c.committed) return `${c.date} ${c.source}: nothing to compact (${before}, ${c.rows} rows)`;
  const after = `${files(c.dataFilesAfter, 'data')} + ${files(c.deleteFilesAfter, 'delete')}`;
  return `${c.date} ${c.source}: ${before} -> ${after}, ${c.rows} rows, snapshot ${c.snapshotId ?? '?'} (run ${c.runId})`;
}
