import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DQ_ACCEPTANCE_PREFIX, dqAcceptanceSortKey, TABLE_KEYS } from '../names';
import { conditionally } from './conditionally';

/**
 * An operator's acceptance of one hard rule's failure on one source's ingestion date: the date
 * is published despite it, and whoever reads the date can see who decided so, why and when.
 */
export const dqAcceptanceSchema = z.object({
  source: z.string().min(1),
  ingestionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  rule: z.string().min(1),
  /** The operator: the OS user of the CLI, or its `--by`. */
  by: z.string().min(1),
  reason: z.string().min(1),
  /** ISO-8601 of the acceptance. */
  at: z.string(),
});
export type DqAcceptance = z.infer<typeof dqAcceptanceSchema>;

const key = (
  a: Pick<DqAcceptance, 'source' | 'ingestionDate' | 'rule'>,
): Record<string, string> => ({
  [TABLE_KEYS.metrics.partitionKey]: a.ingestionDate,
  [TABLE_KEYS.metrics.sortKey]: dqAcceptanceSortKey(a.source, a.rule),
});

/**
 * Records an acceptance once (conditional put) and returns the one in force: this call's when it
 * recorded it, else the first one recorded, so a retried or repeated `dq accept` never rewrites
 * who accepted the rule or why.
 */
export async function recordAcceptance(
  ddb: DynamoDBDocumentClient,
  table: string,
  a: DqAcceptance,
): Promise<{ readonly recorded: boolean; readonly acceptance: DqAcceptance }> {
  const recorded = await conditionally(() =>
    ddb.send(
      new PutCommand({
        TableName: table,
        Item: { ...key(a), record: JSON.stringify(dqAcceptanceSchema.parse(a)) },
        ConditionExpression: 'attribute_not_exists(#sk)',
        ExpressionAttributeNames: { '#sk': TABLE_KEYS.metrics.sortKey },
      }),
    ),
  );
  if (recorded) return { recorded, acceptance: a };
  const res = await ddb.send(
    new GetCommand({ TableName: table, Key: key(a), ConsistentRead: true }),
  );
  return { recorded, acceptance: dqAcceptanceSchema.parse(JSON.parse(String(res.Item?.record))) };
}

/** The acceptances of a date (all sources, or one), by source then rule. */
export async function acceptancesOfDate(
  ddb: DynamoDBDocumentClient,
  table: string,
  date: string,
  source?: string,
): Promise<DqAcceptance[]> {
  const found: DqAcceptance[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#pk = :d AND begins_with(#sk, :p)',
        ExpressionAttributeNames: {
          '#pk': TABLE_KEYS.metrics.partitionKey,
          '#sk': TABLE_KEYS.metrics.sortKey,
        },
        ExpressionAttributeValues: {
          ':d': date,
          ':p': source ? dqAcceptanceSortKey(source, '') : DQ_ACCEPTANCE_PREFIX,
        },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of res.Items ?? []) {
      found.push(dqAcceptanceSchema.parse(JSON.parse(String(item.record))));
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return found.sort((a, b) => `${a.source}#${a.rule}`.localeCompare(`${b.source}#${b.rule}`));
}
