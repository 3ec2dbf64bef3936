/**
 * Readers of what the manifest builder produced, for its integration tests: manifest documents,
 * tracking items, and a wipe of both for reruns.
 */
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ManifestDocument } from '../../../handlers/lib/manifest/manifest-document';
import { manifestDocumentSchema } from '../../../handlers/lib/manifest/manifest-document';
import { PREFIXES, TABLE_KEYS } from '../../../handlers/lib/names';
import type { FileItem, ManifestItem } from '../../../handlers/lib/tracking/items';
import type { PipelineFixture } from '../../helpers/pipeline';

/** Keys of the manifest documents in the artifacts bucket. */
export async function manifestDocumentKeys(fx: PipelineFixture): Promise<string[]> {
  const out = await fx.backend.clients.s3.send(
    new ListObjectsV2Command({ Bucket: fx.names.buckets.artifacts, Prefix: PREFIXES.manifests }),
  );
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function scanFilesTable(fx: PipelineFixture): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await fx.backend.clients.ddb.send(
      new ScanCommand({
        TableName: fx.names.tables.files,
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item of the files table, split by kind. */
export async function trackingItems(
  fx: PipelineFixture,
): Promise<{ files: FileItem[]; manifests: ManifestItem[] }> {
  const items = await scanFilesTable(fx);
  return {
    files: items.filter((i) => i.kind === 'file') as unknown as FileItem[],
    manifests: items.filter((i) => i.kind === 'manifest') as unknown as ManifestItem[],
  };
}

/** Every manifest document in the artifacts bucket, parsed by the shared schema. */
export async function manifestDocuments(fx: PipelineFixture): Promise<ManifestDocument[]> {
  const { s3 } = fx.backend.clients;
  const docs: ManifestDocument[] = [];
  for (const Key of await manifestDocumentKeys(fx)) {
    const out = await s3.send(new GetObjectCommand({ Bucket: fx.names.buckets.artifacts, Key }));
    docs.push(manifestDocumentSchema.parse(JSON.parse(await out.Body!.transformToString())));
  }
  return docs;
}

/** How many manifest documents name each raw key (a correct run gives 1 for every key). */
export function manifestCountByKey(docs: readonly ManifestDocument[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of docs)
    for (const f of doc.files) counts.set(f.key, (counts.get(f.key) ?? 0) + 1);
  return counts;
}

/** Deletes every tracking item and manifest document: the state before a rerun. */
export async function wipeBuilderState(fx: PipelineFixture): Promise<void> {
  const { ddb, s3 } = fx.backend.clients;
  const pk = TABLE_KEYS.files.partitionKey;
  const keys = (await scanFilesTable(fx)).map((i) => ({ [pk]: i[pk] as string }));
  for (let i = 0; i < keys.length; i += 25) {
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: {
          [fx.names.tables.files]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
        },
      }),
    );
  }
  const docKeys = await manifestDocumentKeys(fx);
  if (docKeys.length > 0) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: fx.names.buckets.artifacts,
        Delete: { Objects: docKeys.map((Key) => ({ Key })) },
      }),
    );
  }
}
