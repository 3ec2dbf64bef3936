import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FilesTable } from './file-repository';
import { queryIndex } from './file-repository';
import type { DateMarkerItem } from './items';
import { INDEX_PK, INDEX_SK, OPEN_DATES, PK, TTL, dateMarkerKey, expiresAt } from './items';

/**
 * Notes that files of `date` are being tracked. Written before the file items, so a crash can
 * leave a marker without files (harmless) but never a pending file the flush cannot find.
 */
export async function touchDate(t: FilesTable, date: string, now: Date): Promise<void> {
  await t.ddb.send(
    new UpdateCommand({
      TableName: t.table,
      Key: { [PK]: dateMarkerKey(date) },
      UpdateExpression:
        'SET kind = :kind, ingestion_date = :d, #ipk = :open, #isk = :at, #ttl = :ttl',
      ExpressionAttributeNames: { '#ipk': INDEX_PK, '#isk': INDEX_SK, '#ttl': TTL },
      ExpressionAttributeValues: {
        ':kind': 'date',
        ':d': date,
        ':open': OPEN_DATES,
        ':at': now.toISOString(),
        ':ttl': expiresAt(now),
      },
    }),
  );
}

/**
 * Dates that had files tracked within the retention period, oldest first: what the scheduled
 * flush visits. Expiry is checked here too, since emulators never delete expired items.
 */
export async function openDates(t: FilesTable, now: Date): Promise<string[]> {
  const markers = await queryIndex<DateMarkerItem>(t, OPEN_DATES);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return markers
    .filter((m) => m[TTL] > nowSeconds)
    .map((m) => m.ingestion_date)
    .sort();
}
