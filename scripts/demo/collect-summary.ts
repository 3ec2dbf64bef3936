import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../handlers/lib/aws/clients';
import { isRunRecordKey, TABLE_KEYS, type ResourceNames } from '../../handlers/lib/names';
import { openDates } from '../../handlers/lib/tracking/date-markers';
import {
  filesOfDate,
  quarantinedFilesOfDate,
  undatedQuarantinedFiles,
  type FilesTable,
} from '../../handlers/lib/tracking/file-repository';
import { manifestsWithStatus } from '../../handlers/lib/tracking/manifest-repository';
import {
  FILE_STATUS,
  MANIFEST_STATUS,
  type FileStatus,
  type ManifestStatus,
} from '../../handlers/lib/tracking/statuses';

/** One transform run of a date, as the metrics table records it. */
export interface RunRow {
  readonly runId: string;
  readonly status: string;
  readonly reasons: readonly string[];
  readonly read: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly output: number;
  /** Files the run refused as a whole, and their lines (not in `read`). */
  readonly refusedFiles: number;
  readonly refusedLines: number;
  /** Why, one reason per file naming it (the first ones; the metrics document has all). */
  readonly refused: readonly string[];
}

/** What the demo reports about one ingestion date. */
export interface DateSummary {
  readonly date: string;
  readonly files: Partial<Record<FileStatus, number>>;
  readonly quarantined: ReadonlyArray<{ key: string; reason: string }>;
  readonly manifests: Partial<Record<ManifestStatus, number>>;
  readonly runs: readonly RunRow[];
}

async function runsOfDate(clients: AwsClients, table: string, date: string): Promise<RunRow[]> {
  const out = await clients.ddb.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: '#d = :d',
      ExpressionAttributeNames: { '#d': TABLE_KEYS.metrics.partitionKey },
      ExpressionAttributeValues: { ':d': date },
    }),
  );
  return (out.Items ?? [])
    .filter((i) => isRunRecordKey(i[TABLE_KEYS.metrics.sortKey]) && typeof i.rows_read === 'number')
    .map((i) => ({
      runId: String(i[TABLE_KEYS.metrics.sortKey]),
      status: String(i.status),
      reasons: (i.reasons as string[] | undefined) ?? [],
      read: Number(i.rows_read),
      rejected: Number(i.rows_rejected ?? 0),
      duplicates: Number(i.rows_duplicate ?? 0),
      output: Number(i.rows_output ?? 0),
      refusedFiles: Number(i.refused_files ?? 0),
      refusedLines: Number(i.rows_refused ?? 0),
      refused: (i.refused_reasons as string[] | undefined) ?? [],
    }));
}

/** The `date` of the summary row of quarantined files whose key gave no ingestion date. */
export const NO_DATE = '(no date)';

/**
 * Reads back, from the tracking and metrics tables, what the pipeline did with every date that
 * received files: file statuses, quarantine reasons, manifests by status, and each run's rows
 * and data-quality verdict; then, as a last row of its own, the files quarantined because
 * their key gave no ingestion date (bad or missing `ingestion_date=`), which no date holds.
 */
export async function collectSummary(
  clients: AwsClients,
  names: ResourceNames,
): Promise<DateSummary[]> {
  const files: FilesTable = { ddb: clients.ddb, table: names.tables.files };
  const dates = await openDates(files, new Date());
  const undated = await undatedQuarantinedFiles(files);
  const undatedRow: DateSummary[] =
    undated.length === 0
      ? []
      : [
          {
            date: NO_DATE,
            files: { [FILE_STATUS.quarantined]: undated.length },
            quarantined: undated.map((q) => ({
              key: q.key,
              reason: q.reason ?? '(no reason recorded)',
            })),
            manifests: {},
            runs: [],
          },
        ];
  const dated = await Promise.all(
    dates.map(async (date) => {
      const [tracked, quarantined] = await Promise.all([
        filesOfDate(files, date),
        quarantinedFilesOfDate(files, date),
      ]);
      const byStatus: Partial<Record<FileStatus, number>> = {};
      for (const f of [...tracked, ...quarantined])
        byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
      const manifests: Partial<Record<ManifestStatus, number>> = {};
      for (const status of Object.values(MANIFEST_STATUS)) {
        const n = (await manifestsWithStatus(files, date, status)).length;
        if (n > 0) manifests[status] = n;
      }
      return {
        date,
        files: byStatus,
        quarantined: quarantined.map((q) => ({
          key: q.key,
          reason: q.reason ?? '(no reason recorded)',
        })),
        manifests,
        runs: await runsOfDate(clients, names.tables.metrics, date),
      };
    }),
  );
  return [...dated, ...undatedRow];
}
