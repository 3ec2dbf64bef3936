import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../../handlers/lib/aws/clients';
import { objectKeys } from '../../../handlers/lib/object-keys';

/** Puts one raw file as a producer would (S3 notifies the ingest queue); returns its version. */
export async function putRawFile(
  clients: Pick<AwsClients, 's3'>,
  bucket: string,
  file: { source?: string; date: string; name: string; body: string },
): Promise<{ key: string; versionId: string | undefined }> {
  const key = objectKeys.raw(file.source ?? 'app', file.date, file.name);
  const put = await clients.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: file.body }),
  );
  return { key, versionId: put.VersionId };
}

/** SQL over the `curated` view for one date's rows, all columns, in a deterministic order. */
export const rowsOfDateSql = (date: string): string =>
  `SELECT * FROM curated WHERE CAST(ingestion_date AS VARCHAR) = '${date}' ORDER BY ALL`;
