import { AthenaClient } from '@aws-sdk/client-athena';
import { createClient, type AwsClients } from '../../../handlers/lib/aws/clients';
import { athenaRows } from '../../../handlers/lib/aws/athena-query';
import type { CatalogAccess } from '../../../handlers/lib/iceberg/catalog-session';
import { loadTableMetadata } from '../../../handlers/lib/iceberg/rest-catalog';
import type { CuratedTableRef, ResourceNames } from '../../../handlers/lib/names';

/** One snapshot of a table, as much of it as history shows. */
export interface TableSnapshot {
  readonly snapshotId: string;
  readonly parentId?: string;
  readonly committedAt: string;
  readonly operation?: string;
  readonly summary: Readonly<Record<string, string>>;
}

interface RestSnapshot {
  'snapshot-id': number | string;
  'parent-snapshot-id'?: number | string;
  'timestamp-ms': number;
  summary?: Record<string, string>;
}

/**
 * The snapshots of a table with their parents and summaries, which DuckDB's
 * `iceberg_snapshots` leaves out: from the REST catalog's table metadata beside an emulator,
 * from Athena's `$snapshots` table on AWS. Ids are text (64-bit; the REST JSON is parsed here
 * with ids beyond 2^53 rounded, so they are re-read from the raw text).
 */
export async function tableSnapshots(
  clients: AwsClients,
  access: CatalogAccess,
  names: ResourceNames,
  ref: CuratedTableRef,
): Promise<TableSnapshot[]> {
  if (access.catalog.kind === 'rest') {
    const metadata = await loadTableMetadata(access.catalog.endpoint, ref);
    const snapshots = (metadata?.snapshots ?? []) as RestSnapshot[];
    return snapshots.map((s) => ({
      snapshotId: String(s['snapshot-id']),
      ...(s['parent-snapshot-id'] === undefined
        ? {}
        : { parentId: String(s['parent-snapshot-id']) }),
      committedAt: new Date(s['timestamp-ms']).toISOString(),
      operation: s.summary?.operation,
      summary: s.summary ?? {},
    }));
  }
  const rows = await athenaRows(
    {
      athena: createClient(AthenaClient, clients.target),
      workgroup: names.athenaWorkgroup,
      database: ref.namespace,
    },
    `SELECT CAST(snapshot_id AS varchar) AS id, CAST(parent_id AS varchar) AS parent, to_iso8601(committed_at) AS at, operation, json_format(CAST(summary AS json)) AS summary FROM "${ref.namespace}"."${ref.table}$snapshots"`,
  );
  return rows.map((r) => ({
    snapshotId: r.id!,
    ...(r.parent ? { parentId: r.parent } : {}),
    committedAt: new Date(r.at!).toISOString(),
    operation: r.operation,
    summary: r.summary ? (JSON.parse(r.summary) as Record<string, string>) : {},
  }));
}
