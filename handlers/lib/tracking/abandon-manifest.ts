import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FilesTable } from './file-repository';
import type { ManifestItem } from './items';
import { INDEX_PK, PK, fileDateStatus, manifestItemKey } from './items';
import { FILE_STATUS, MANIFEST_STATUS } from './statuses';
import { chunk } from './transactions';

/**
 * Gives up a CREATED manifest that can never complete (one of its files belongs to another
 * manifest): its claimed files go back to PENDING, then the record is deleted. Nothing was sent
 * for it, so no transform ever saw it.
 */
export async function abandonManifest(t: FilesTable, m: ManifestItem): Promise<void> {
  for (const keys of chunk(m.file_keys, 25)) {
    await Promise.all(keys.map((k) => releaseFile(t, m, k)));
  }
  await t.ddb.send(
    new DeleteCommand({
      TableName: t.table,
      Key: { [PK]: manifestItemKey(m.manifest_id) },
      ConditionExpression: '#st = :created',
      ExpressionAttributeNames: { '#st': 'status' },
      ExpressionAttributeValues: { ':created': MANIFEST_STATUS.created },
    }),
  );
}

async function releaseFile(t: FilesTable, m: ManifestItem, key: string): Promise<void> {
  try {
    await t.ddb.send(
      new UpdateCommand({
        TableName: t.table,
        Key: { [PK]: key },
        ConditionExpression: 'manifest_id = :id AND #st = :manifested',
        UpdateExpression: 'SET #st = :pending, #ipk = :ds REMOVE manifest_id',
        ExpressionAttributeNames: { '#st': 'status', '#ipk': INDEX_PK },
        ExpressionAttributeValues: {
          ':id': m.manifest_id,
          ':manifested': FILE_STATUS.manifested,
          ':pending': FILE_STATUS.pending,
          ':ds': fileDateStatus(m.ingestion_date, FILE_STATUS.pending),
        },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}
