import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { TABLE_KEYS } from '../names';
import { conditionally } from './conditionally';

/** Sort-key prefix of the commit records in the metrics table (beside each date's run metrics). */
export const COMMIT_RECORD_PREFIX = '#COMMIT#';

/**
 * One commit to a curated table, as the ledger keeps it: which run made it (a manifest id, a
 * rebuild id or a compaction id), on which snapshot, and what it changed in the date. The same
 * record travels in the table property `pipeline.last-commit` of the commit itself, so a commit
 * whose ledger write was lost in a crash is recorded by the next writer of the table.
 */
export const commitRecordSchema = z.object({
  source: z.string().min(1),
  ingestionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  runId: z.string().min(1),
  /** merge: a manifest's rows; replace: a rebuild of the date; compact: files rewritten, same rows. */
  kind: z.enum(['merge', 'replace', 'compact']),
  /** Snapshot the table was on when the commit was prepared (undefined: the table was empty). */
  parentSnapshotId: z.string().optional(),
  committedAt: z.string(),
  rowsAdded: z.number().int().nonnegative(),
  rowsRemoved: z.number().int().nonnegative(),
  /** DQ inputs of the run, summed over the date's commits since its last replace. */
  rowsRead: z.number().int().nonnegative(),
  rejectedRows: z.number().int().nonnegative(),
  acceptedRows: z.number().int().nonnegative(),
  /** Accepted rows not written because their dedup key was already in the date (or in the run). */
  duplicateRows: z.number().int().nonnegative(),
});
export type CommitRecord = z.infer<typeof commitRecordSchema>;

const sortKey = (r: Pick<CommitRecord, 'source' | 'runId'>): string =>
  `${COMMIT_RECORD_PREFIX}${r.source}#${r.runId}`;

/**
 * Records a commit once (conditional put): true when this call recorded it, false when it was
 * already recorded, so the committer and a recovering writer can both call it safely.
 */
export async function recordCommit(
  ddb: DynamoDBDocumentClient,
  table: string,
  r: CommitRecord,
): Promise<boolean> {
  return conditionally(() =>
    ddb.send(
      new PutCommand({
        TableName: table,
        Item: {
          [TABLE_KEYS.metrics.partitionKey]: r.ingestionDate,
          [TABLE_KEYS.metrics.sortKey]: sortKey(r),
          record: JSON.stringify(r),
        },
        ConditionExpression: 'attribute_not_exists(#sk)',
        ExpressionAttributeNames: { '#sk': TABLE_KEYS.metrics.sortKey },
      }),
    ),
  );
}

/** The recorded commit of one run, if it committed. */
export async function committedRun(
  ddb: DynamoDBDocumentClient,
  table: string,
  key: Pick<CommitRecord, 'source' | 'runId' | 'ingestionDate'>,
): Promise<CommitRecord | undefined> {
  const res = await ddb.send(
    new GetCommand({
      TableName: table,
      Key: {
        [TABLE_KEYS.metrics.partitionKey]: key.ingestionDate,
        [TABLE_KEYS.metrics.sortKey]: sortKey(key),
      },
      ConsistentRead: true,
    }),
  );
  return res.Item ? commitRecordSchema.parse(JSON.parse(String(res.Item.record))) : undefined;
}

/** Every recorded commit of a date (all sources, or one), oldest first. */
export async function commitsOfDate(
  ddb: DynamoDBDocumentClient,
  table: string,
  date: string,
  source?: string,
): Promise<CommitRecord[]> {
  const records: CommitRecord[] = [];
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
          ':p': `${COMMIT_RECORD_PREFIX}${source ? `${source}#` : ''}`,
        },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of res.Items ?? []) {
      records.push(commitRecordSchema.parse(JSON.parse(String(item.record))));
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return records.sort((a, b) => a.committedAt.localeCompare(b.committedAt));
}

/** The commits of a date that count for its DQ totals: those since (and with) its last replace. */
export function sinceLastReplace(records: readonly CommitRecord[]): CommitRecord[] {
  const last = records.map((r) => r.kind).lastIndexOf('replace');
  return records.slice(Math.max(0, last)).filter((r) => r.kind !== 'compact');
}
