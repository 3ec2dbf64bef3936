import type { AwsClients } from '../../../handlers/lib/aws/clients';
import { SNAPSHOT_SUMMARY_KEYS } from '../../../handlers/lib/iceberg/snapshot-summary';
import { curatedTableRef, type ResourceNames } from '../../../handlers/lib/names';
import { commitsOfDate, type CommitRecord } from '../../../handlers/lib/tracking/commit-log';
import { catalogAccess } from '../catalog/catalog-access';
import { tableSnapshots, type TableSnapshot } from './table-snapshots';

/** One commit of a date, as `pipeline history` shows it. */
export interface HistoryEntry {
  readonly source: string;
  /** When the ledger recorded the commit (the snapshot's own time is `snapshotAt`). */
  readonly committedAt: string;
  readonly kind: CommitRecord['kind'];
  /** Manifest id, rebuild id or compaction id. */
  readonly runId: string;
  readonly rowsAdded: number;
  readonly rowsRemoved: number;
  /** Undefined when the table no longer has the snapshot (expired) or never had it. */
  readonly snapshotId?: string;
  readonly snapshotAt?: string;
}

/**
 * Finds each ledger record's snapshot: the one whose summary names the run (the pipeline's
 * commits carry `pipeline.run-id`), else the child of the snapshot the commit was prepared on
 * (Athena's OPTIMIZE cannot set a summary). Pure, so the join is tested on its own.
 */
export function joinHistory(
  records: readonly CommitRecord[],
  snapshots: readonly TableSnapshot[],
): HistoryEntry[] {
  return records.map((r) => {
    const byRun = snapshots.find((s) => s.summary[SNAPSHOT_SUMMARY_KEYS.runId] === r.runId);
    const byParent = snapshots.filter((s) => s.parentId === r.parentSnapshotId);
    const s = byRun ?? (byParent.length === 1 ? byParent[0] : undefined);
    return {
      source: r.source,
      committedAt: r.committedAt,
      kind: r.kind,
      runId: r.runId,
      rowsAdded: r.rowsAdded,
      rowsRemoved: r.rowsRemoved,
      ...(s ? { snapshotId: s.snapshotId, snapshotAt: s.committedAt } : {}),
    };
  });
}

/**
 * `pipeline history <date>` without the terminal: the date's commits from the ledger, each
 * with its snapshot in the source's table, oldest first.
 */
export async function dateHistory(
  clients: AwsClients,
  names: ResourceNames,
  date: string,
  source?: string,
): Promise<HistoryEntry[]> {
  const records = await commitsOfDate(clients.ddb, names.tables.metrics, date, source);
  const access = await catalogAccess(clients);
  const entries: HistoryEntry[] = [];
  for (const s of [...new Set(records.map((r) => r.source))].sort()) {
    const snapshots = await tableSnapshots(clients, access, names, curatedTableRef(names, s));
    entries.push(
      ...joinHistory(
        records.filter((r) => r.source === s),
        snapshots,
      ),
    );
  }
  return entries.sort((a, b) => a.committedAt.localeCompare(b.committedAt));
}

/** Aligned columns: time, kind, run id, rows added, rows removed, snapshot id. */
export function formatHistory(entries: readonly HistoryEntry[]): string {
  const header = ['time', 'source', 'kind', 'run', '+rows', '-rows', 'snapshot'];
  const rows = entries.map((e) => [
    e.committedAt,
    e.source,
    e.kind,
    e.runId,
    String(e.rowsAdded),
    String(e.rowsRemoved),
    e.snapshotId ?? '(expired)',
  ]);
  const numeric = [false, false, false, false, true, true, false];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
    .map((l) => `${l}\n`)
    .join('');
}
