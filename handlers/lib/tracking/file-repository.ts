import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../names';
import type { FileItem } from './items';
import { INDEX_PK, PK, UNDATED_QUARANTINE, fileDateStatus } from './items';
import { FILE_STATUS } from './statuses';

/** The files table and the client that reaches it. */
export interface FilesTable {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
}

/**
 * Records a file (pending or quarantined) unless its version is already tracked: the
 * conditional put makes a duplicate notification a no-op under at-least-once delivery.
 */
export async function putFileItem(t: FilesTable, item: FileItem): Promise<'created' | 'duplicate'> {
  try {
    await t.ddb.send(
      new PutCommand({
        TableName: t.table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK },
      }),
    );
    return 'created';
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return 'duplicate';
    throw err;
  }
}

/** Reads items by key with strongly consistent reads (the index is only eventually consistent). */
export async function getItems<T>(t: FilesTable, keys: readonly string[]): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> = {
      [t.table]: { Keys: keys.slice(i, i + 100).map((k) => ({ [PK]: k })), ConsistentRead: true },
    };
    for (let attempt = 0; Object.keys(request).length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const out = await t.ddb.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...((out.Responses?.[t.table] ?? []) as T[]));
      request = (out.UnprocessedKeys ?? {}) as typeof request;
    }
  }
  return found;
}

/** Every item of one index partition (`<date>#<status>` and the like), in arrival order. */
export async function queryIndex<T>(t: FilesTable, indexKey: string): Promise<T[]> {
  const items: T[] = [];
  const pages = paginateQuery(
    { client: t.ddb },
    {
      TableName: t.table,
      IndexName: TABLE_KEYS.files.pendingByDateIndex,
      KeyConditionExpression: '#ipk = :ipk',
      ExpressionAttributeNames: { '#ipk': INDEX_PK },
      ExpressionAttributeValues: { ':ipk': indexKey },
    },
  );
  for await (const page of pages) items.push(...((page.Items ?? []) as T[]));
  return items;
}

/**
 * The files of a date that are PENDING right now: found through the index, then confirmed by a
 * consistent read, so a file that was just put in a manifest is never offered again.
 */
export async function pendingFilesOfDate(t: FilesTable, date: string): Promise<FileItem[]> {
  const candidates = await queryIndex<FileItem>(t, fileDateStatus(date, FILE_STATUS.pending));
  if (candidates.length === 0) return [];
  const current = await getItems<FileItem>(
    t,
    candidates.map((c) => c[PK]),
  );
  return current.filter((f) => f.status === FILE_STATUS.pending);
}

/**
 * Every tracked, not quarantined file of a date (pending, manifested, done or failed): what a
 * partition rebuild reads. Quarantined files never enter curated data.
 */
export async function filesOfDate(t: FilesTable, date: string): Promise<FileItem[]> {
  const statuses = [
    FILE_STATUS.pending,
    FILE_STATUS.manifested,
    FILE_STATUS.done,
    FILE_STATUS.failed,
  ];
  const lists = await Promise.all(
    statuses.map((s) => queryIndex<FileItem>(t, fileDateStatus(date, s))),
  );
  return lists.flat();
}

/** The quarantined files of a date (those whose key gave a date), for operators. */
export async function quarantinedFilesOfDate(t: FilesTable, date: string): Promise<FileItem[]> {
  return queryIndex<FileItem>(t, fileDateStatus(date, FILE_STATUS.quarantined));
}

/** The quarantined files whose key gave no ingestion date (see {@link UNDATED_QUARANTINE}). */
export async function undatedQuarantinedFiles(t: FilesTable): Promise<FileItem[]> {
  return queryIndex<FileItem>(t, UNDATED_QUARANTINE);
}
