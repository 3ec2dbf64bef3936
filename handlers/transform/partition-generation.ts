import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../lib/names';
import { conditionally } from '../lib/tracking/conditionally';

/** Sort key of the per-date record of the current curated generation in the metrics table. */
export const PARTITION_RECORD_ID = '#PARTITION';

/** Which curated objects of a date are current, and which rebuild made them. */
export interface PartitionGeneration {
  readonly ingestionDate: string;
  /** Id of the rebuild run that wrote the current generation. */
  readonly generation: string;
  /** When the rebuild was requested; a newer request always wins. */
  readonly requestedAt: string;
  readonly curatedKeys: readonly string[];
  /** Manifests whose files the generation already contains; their reruns must not add rows. */
  readonly coveredManifestIds: readonly string[];
  readonly rows: number;
}

const key = (date: string) => ({
  [TABLE_KEYS.metrics.partitionKey]: date,
  [TABLE_KEYS.metrics.sortKey]: PARTITION_RECORD_ID,
});

/** The current generation of a date, or undefined when no rebuild ran for it. */
export async function currentGeneration(
  ddb: DynamoDBDocumentClient,
  table: string,
  date: string,
): Promise<PartitionGeneration | undefined> {
  const res = await ddb.send(
    new GetCommand({ TableName: table, Key: key(date), ConsistentRead: true }),
  );
  const item = res.Item;
  if (!item) return undefined;
  return {
    ingestionDate: date,
    generation: String(item.generation),
    requestedAt: String(item.requested_at),
    curatedKeys: (item.curated_keys as string[] | undefined) ?? [],
    coveredManifestIds: (item.covered_manifest_ids as string[] | undefined) ?? [],
    rows: Number(item.rows ?? 0),
  };
}

/**
 * Records `g` as the current generation of its date unless a newer rebuild already did
 * (conditional on `requested_at`), so a late retry of an old rebuild never wins. Returns false
 * when a newer generation is current.
 */
export async function recordGeneration(
  ddb: DynamoDBDocumentClient,
  table: string,
  g: PartitionGeneration,
  now: Date,
): Promise<boolean> {
  return conditionally(() =>
    ddb.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...key(g.ingestionDate),
          generation: g.generation,
          requested_at: g.requestedAt,
          curated_keys: [...g.curatedKeys],
          covered_manifest_ids: [...g.coveredManifestIds],
          rows: g.rows,
          updated_at: now.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(#pk) OR requested_at <= :req',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.metrics.partitionKey },
        ExpressionAttributeValues: { ':req': g.requestedAt },
      }),
    ),
  );
}
