/**
 * Read-only queries the operator CLI (`pipeline status`, `pipeline backfill`) runs against the
 * files and locks tables. Counts use `Select: COUNT` on the date/status index, so a date with
 * hundreds of thousands of files costs a few pages of counts, not a download of every item.
 */
import { QueryCommand, paginateQuery, paginateScan } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../names';
import type { FilesTable } from './file-repository';
import { queryIndex } from './file-repository';
import type { LocksTable } from './date-lock';
import type { ManifestItem } from './items';
import { INDEX_PK, INDEX_SK, LOCK_PK, TTL, fileDateStatus, manifestDateStatus } from './items';
import { FILE_STATUS, MANIFEST_STATUS, type FileStatus, type ManifestStatus } from './statuses';

/** How many items one index partition (`<date>#<status>`) holds, optionally received after `after`. */
export async function countIndexPartition(
  t: FilesTable,
  indexKey: string,
  after?: string,
): Promise<number> {
  const values: Record<string, string> = { ':ipk': indexKey };
  const names: Record<string, string> = { '#ipk': INDEX_PK };
  let condition = '#ipk = :ipk';
  if (after !== undefined) {
    condition += ' AND #isk > :after';
    names['#isk'] = INDEX_SK;
    values[':after'] = after;
  }
  let count = 0;
  const pages = paginateQuery(
    { client: t.ddb },
    {
      TableName: t.table,
      IndexName: TABLE_KEYS.files.pendingByDateIndex,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      Select: 'COUNT',
    },
  );
  for await (const page of pages) count += page.Count ?? 0;
  return count;
}

const FILE_STATUSES = Object.values(FILE_STATUS);
const MANIFEST_STATUSES = Object.values(MANIFEST_STATUS);

/** Files of one date by status: the operator's first question about a date. */
export async function countFilesByStatus(
  t: FilesTable,
  date: string,
): Promise<Record<FileStatus, number>> {
  const counts = await Promise.all(
    FILE_STATUSES.map((s) => countIndexPartition(t, fileDateStatus(date, s))),
  );
  return Object.fromEntries(FILE_STATUSES.map((s, i) => [s, counts[i]!])) as Record<
    FileStatus,
    number
  >;
}

/**
 * Tracked, not quarantined files of a date received after `after` (ISO-8601): the files that
 * arrived after the date already had curated data, whatever their status is now.
 */
export async function countFilesReceivedAfter(
  t: FilesTable,
  date: string,
  after: string,
): Promise<number> {
  const tracked = FILE_STATUSES.filter((s) => s !== FILE_STATUS.quarantined);
  const counts = await Promise.all(
    tracked.map((s) => countIndexPartition(t, fileDateStatus(date, s), after)),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Every manifest of a date, whatever its status (index reads: eventually consistent). */
export async function manifestsOfDate(t: FilesTable, date: string): Promise<ManifestItem[]> {
  const lists = await Promise.all(
    MANIFEST_STATUSES.map((s: ManifestStatus) =>
      queryIndex<ManifestItem>(t, manifestDateStatus(date, s)),
    ),
  );
  return lists.flat();
}

/** One item of the locks table as an operator reads it. */
export interface LockHolder {
  readonly lockId: string;
  readonly owner: string;
  readonly acquiredAt?: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
  /** Past its expiry: anyone may take it over (emulators never delete expired items). */
  readonly expired: boolean;
  /** Other attributes of the item (e.g. a backfill's progress). */
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Every lock item with its holder and whether it expired. A scan: the locks table holds one
 * item per date being built and per running backfill, so it stays small.
 */
export async function lockHolders(t: LocksTable, now: Date): Promise<LockHolder[]> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const holders: LockHolder[] = [];
  for await (const page of paginateScan({ client: t.ddb }, { TableName: t.table })) {
    for (const item of page.Items ?? []) {
      const {
        [LOCK_PK]: lockId,
        owner,
        acquired_at: acquiredAt,
        [TTL]: expiresAt,
        ...details
      } = item;
      const expiry = Number(expiresAt ?? 0);
      holders.push({
        lockId: String(lockId),
        owner: String(owner ?? ''),
        ...(typeof acquiredAt === 'string' ? { acquiredAt } : {}),
        expiresAt: expiry,
        expired: expiry < nowSeconds,
        details,
      });
    }
  }
  return holders.sort((a, b) => a.lockId.localeCompare(b.lockId));
}

/** `received_at` of the oldest item of one index partition (e.g. the oldest pending file). */
export async function oldestInIndexPartition(
  t: FilesTable,
  indexKey: string,
): Promise<string | undefined> {
  const res = await t.ddb.send(
    new QueryCommand({
      TableName: t.table,
      IndexName: TABLE_KEYS.files.pendingByDateIndex,
      KeyConditionExpression: '#ipk = :ipk',
      ExpressionAttributeNames: { '#ipk': INDEX_PK },
      ExpressionAttributeValues: { ':ipk': indexKey },
      ScanIndexForward: true,
      Limit: 1,
    }),
  );
  const first = res.Items?.[0];
  return first ? String(first[INDEX_SK]) : undefined;
}
