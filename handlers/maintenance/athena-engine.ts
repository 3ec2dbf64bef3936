import type { CuratedTableRef } from '../lib/names';
import { athenaRows, type AthenaContext } from '../lib/aws/athena-query';
import type { CompactOutcome, DateFiles, MaintenanceEngine } from './engine';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `"db"."table$suffix"`: Athena's metadata tables of an Iceberg table. */
const metaTable = (ref: CuratedTableRef, suffix: string): string =>
  `"${ref.namespace}"."${ref.table}$${suffix}"`;
const table = (ref: CuratedTableRef): string => `"${ref.namespace}"."${ref.table}"`;

/** Iceberg file content codes in `$files`: 0 data, 1 position deletes, 2 equality deletes. */
async function filesOf(
  ctx: AthenaContext,
  ref: CuratedTableRef,
  date?: string,
): Promise<DateFiles[]> {
  const where = date ? ` WHERE partition.ingestion_date = DATE '${date}'` : '';
  const rows = await athenaRows(
    ctx,
    `SELECT CAST(partition.ingestion_date AS varchar) AS d, count_if(content = 0) AS data_files, count_if(content <> 0) AS delete_files FROM ${metaTable(ref, 'files')}${where} GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({
    date: r.d!,
    dataFiles: Number(r.data_files),
    deleteFiles: Number(r.delete_files),
  }));
}

async function currentSnapshot(
  ctx: AthenaContext,
  ref: CuratedTableRef,
): Promise<string | undefined> {
  const rows = await athenaRows(
    ctx,
    `SELECT CAST(snapshot_id AS varchar) AS id FROM ${metaTable(ref, 'snapshots')} ORDER BY committed_at DESC LIMIT 1`,
  );
  return rows[0]?.id;
}

/**
 * The maintenance engine on AWS: Athena (engine v3) in the deployment's workgroup. OPTIMIZE
 * rewrites a date's files by bin packing (and applies and drops its delete files); VACUUM
 * expires snapshots and removes orphan files by the table's own properties
 * (`vacuum_max_snapshot_age_seconds`, default 5 days, the same as SNAPSHOT_RETENTION_HOURS'
 * default): VACUUM takes no arguments, so the limits passed to `vacuum` are not used here and
 * the tables must carry those properties (they are set where the Glue tables are defined).
 * Not run against real Athena in the tests: no emulator serves it.
 */
export function athenaEngine(ctx: AthenaContext): MaintenanceEngine {
  return {
    plan: (ref) => filesOf(ctx, ref),
    async compact(ref, request): Promise<CompactOutcome> {
      if (!ISO_DATE.test(request.date)) throw new RangeError(`not a date: ${request.date}`);
      const before = (await filesOf(ctx, ref, request.date))[0];
      const counted = await athenaRows(
        ctx,
        `SELECT count(*) AS n FROM ${table(ref)} WHERE ingestion_date = DATE '${request.date}'`,
      );
      const rows = Number(counted[0]?.n ?? 0);
      const parent = await currentSnapshot(ctx, ref);
      await athenaRows(
        ctx,
        `OPTIMIZE ${table(ref)} REWRITE DATA USING BIN_PACK WHERE ingestion_date = DATE '${request.date}'`,
      );
      const after = (await filesOf(ctx, ref, request.date))[0];
      const snapshot = await currentSnapshot(ctx, ref);
      return {
        date: request.date,
        committed: snapshot !== parent,
        rows,
        dataFilesBefore: before?.dataFiles ?? 0,
        deleteFilesBefore: before?.deleteFiles ?? 0,
        dataFilesAfter: after?.dataFiles ?? 0,
        deleteFilesAfter: after?.deleteFiles ?? 0,
        ...(parent ? { parentSnapshotId: parent } : {}),
        ...(snapshot ? { snapshotId: snapshot } : {}),
      };
    },
    async vacuum(ref) {
      await athenaRows(ctx, `VACUUM ${table(ref)}`);
      return {};
    },
  };
}
