import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { FilesTable } from './file-repository';
import { getItems, queryIndex } from './file-repository';
import type { ManifestItem } from './items';
import { INDEX_PK, PK, fileDateStatus, manifestDateStatus, manifestItemKey } from './items';
import type { FileStatus, ManifestStatus } from './statuses';
import { FILE_STATUS } from './statuses';
import { TrackingItemMissingError } from './tracking-errors';
import { TRANSACTION_LIMIT, chunk, transact } from './transactions';
import { conditionally } from './conditionally';

const claimCondition = '#st = :pending OR (manifest_id = :id AND #st = :manifested)';

function claimAction(t: FilesTable, m: ManifestItem, fileKey: string) {
  return {
    Update: {
      TableName: t.table,
      Key: { [PK]: fileKey },
      ConditionExpression: `attribute_exists(#pk) AND (${claimCondition})`,
      UpdateExpression: 'SET #st = :manifested, manifest_id = :id, #ipk = :ds',
      ExpressionAttributeNames: { '#pk': PK, '#st': 'status', '#ipk': INDEX_PK },
      ExpressionAttributeValues: {
        ':pending': FILE_STATUS.pending,
        ':manifested': FILE_STATUS.manifested,
        ':id': m.manifest_id,
        ':ds': fileDateStatus(m.ingestion_date, FILE_STATUS.manifested),
      },
    },
  };
}

/**
 * Records a new manifest (status CREATED) and claims its first files in one transaction; files
 * beyond the transaction limit are claimed by {@link claimManifestFiles}. Returns how many
 * files it claimed. The record carries
 * every file key, so a crash between chunks is completed by whoever next holds the date lock.
 */
export async function createManifest(t: FilesTable, m: ManifestItem): Promise<number> {
  const first = m.file_keys.slice(0, TRANSACTION_LIMIT - 1);
  await transact(
    t,
    [
      {
        Put: {
          TableName: t.table,
          Item: m,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        },
      },
      ...first.map((k) => claimAction(t, m, k)),
    ],
    { manifestId: m.manifest_id, step: 'create' },
  );
  return first.length;
}

/**
 * Claims (marks MANIFESTED with this manifest's id) every file of a manifest, in transactions of
 * the maximum size. Safe to repeat: a file already claimed by this manifest passes the
 * condition; a file claimed by another manifest fails it (ManifestConflictError), so no file
 * ever ends up in two manifests.
 */
export async function claimManifestFiles(
  t: FilesTable,
  m: ManifestItem,
  fromIndex = 0,
): Promise<void> {
  for (const [i, keys] of chunk(m.file_keys.slice(fromIndex), TRANSACTION_LIMIT).entries()) {
    await transact(
      t,
      keys.map((k) => claimAction(t, m, k)),
      { manifestId: m.manifest_id, step: 'claim', chunk: i },
    );
  }
}

/** One manifest by id (consistent read), or undefined. */
export async function getManifest(t: FilesTable, id: string): Promise<ManifestItem | undefined> {
  const [item] = await getItems<ManifestItem>(t, [manifestItemKey(id)]);
  return item;
}

/** The manifests of a date in one status, confirmed by consistent reads. */
export async function manifestsWithStatus(
  t: FilesTable,
  date: string,
  status: ManifestStatus,
): Promise<ManifestItem[]> {
  const found = await queryIndex<ManifestItem>(t, manifestDateStatus(date, status));
  if (found.length === 0) return [];
  const current = await getItems<ManifestItem>(
    t,
    found.map((m) => m[PK]),
  );
  return current.filter((m) => m.status === status);
}

/**
 * Moves a manifest to `status` (the transform: DONE or FAILED with a reason; the builder:
 * QUEUED). With `from`, only when it is in one of those statuses, so a late retry never moves
 * a manifest backwards. Returns whether the item changed.
 */
export async function markManifestStatus(
  t: FilesTable,
  m: Pick<ManifestItem, 'manifest_id' | 'ingestion_date'>,
  status: ManifestStatus,
  options: { from?: readonly ManifestStatus[]; reason?: string; now?: Date } = {},
): Promise<boolean> {
  const from = options.from ?? [];
  const values: Record<string, unknown> = {
    ':st': status,
    ':ds': manifestDateStatus(m.ingestion_date, status),
    ':at': (options.now ?? new Date()).toISOString(),
  };
  from.forEach((s, i) => (values[`:f${i}`] = s));
  if (options.reason !== undefined) values[':reason'] = options.reason;
  const inFrom = from.length > 0 ? ` AND #st IN (${from.map((_, i) => `:f${i}`).join(', ')})` : '';
  return conditionally(() =>
    t.ddb.send(
      new UpdateCommand({
        TableName: t.table,
        Key: { [PK]: manifestItemKey(m.manifest_id) },
        ConditionExpression: `attribute_exists(#pk)${inFrom}`,
        UpdateExpression: `SET #st = :st, #ipk = :ds, updated_at = :at${options.reason === undefined ? '' : ', reason = :reason'}`,
        ExpressionAttributeNames: { '#pk': PK, '#st': 'status', '#ipk': INDEX_PK },
        ExpressionAttributeValues: values,
      }),
    ),
  );
}

/**
 * Marks the files of a manifest DONE or FAILED (the transform, after its run). Only files that
 * belong to this manifest change.
 */
export async function markManifestFiles(
  t: FilesTable,
  m: Pick<ManifestItem, 'manifest_id' | 'ingestion_date' | 'file_keys'>,
  status: Extract<FileStatus, 'DONE' | 'FAILED'>,
): Promise<void> {
  for (const keys of chunk(m.file_keys, 25)) {
    await Promise.all(keys.map((k) => setFileStatus(t, m, k, status)));
  }
}

async function setFileStatus(
  t: FilesTable,
  m: Pick<ManifestItem, 'manifest_id' | 'ingestion_date'>,
  key: string,
  status: FileStatus,
): Promise<void> {
  try {
    await t.ddb.send(
      new UpdateCommand({
        TableName: t.table,
        Key: { [PK]: key },
        ConditionExpression: 'manifest_id = :id',
        UpdateExpression: 'SET #st = :st, #ipk = :ds',
        ExpressionAttributeNames: { '#st': 'status', '#ipk': INDEX_PK },
        ExpressionAttributeValues: {
          ':id': m.manifest_id,
          ':st': status,
          ':ds': fileDateStatus(m.ingestion_date, status),
        },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    throw new TrackingItemMissingError(`file ${key} is not in manifest ${m.manifest_id}`, {
      cause: err,
      context: { key, manifestId: m.manifest_id, status },
    });
  }
}
