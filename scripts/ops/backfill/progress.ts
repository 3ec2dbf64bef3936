import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LocksTable } from '../../../handlers/lib/tracking/date-lock';
import { LOCK_PK, TTL } from '../../../handlers/lib/tracking/items';
import { BackfillProgressError } from './errors';

/** How long an unfinished backfill can be resumed. */
export const BACKFILL_RESUME_DAYS = 7;

/** Id of the progress record of one backfill range in the locks table. */
export const backfillRecordId = (from: string, to: string): string => `backfill#${from}#${to}`;

/** A started (or resumed) backfill. */
export interface BackfillRun {
  readonly recordId: string;
  /** Dates whose generation was requested at or after this were rebuilt by this backfill. */
  readonly startedAt: string;
  readonly resumed: boolean;
  readonly owner: string;
}

type Status = 'running' | 'failed' | 'done';

/** The unfinished backfill of this range, if one can be resumed. */
export async function findResumable(
  t: LocksTable,
  from: string,
  to: string,
  now: Date,
): Promise<{ startedAt: string } | undefined> {
  const res = await t.ddb.send(
    new GetCommand({
      TableName: t.table,
      Key: { [LOCK_PK]: backfillRecordId(from, to) },
      ConsistentRead: true,
    }),
  );
  const item = res.Item;
  if (!item || item.status === 'done' || Number(item[TTL]) < now.getTime() / 1000) return undefined;
  return { startedAt: String(item.started_at) };
}

const expiry = (now: Date): number =>
  Math.floor(now.getTime() / 1000) + BACKFILL_RESUME_DAYS * 86_400;

/**
 * Starts a backfill of `from`..`to`, or resumes the unfinished one of the same range (keeping
 * its start time, so the dates it already rebuilt are skipped). The record is created with a
 * conditional put, so two starts racing end in one record that both resume.
 */
export async function startBackfill(
  t: LocksTable,
  from: string,
  to: string,
  now: Date,
): Promise<BackfillRun> {
  const recordId = backfillRecordId(from, to);
  const owner = randomUUID();
  for (let attempt = 0; attempt < 2; attempt++) {
    const resumable = await findResumable(t, from, to, now);
    if (resumable) {
      await setProgress(t, { recordId, startedAt: resumable.startedAt, owner }, 'running', now);
      return { recordId, startedAt: resumable.startedAt, resumed: true, owner };
    }
    const startedAt = now.toISOString();
    try {
      await t.ddb.send(
        new PutCommand({
          TableName: t.table,
          Item: {
            [LOCK_PK]: recordId,
            owner,
            acquired_at: startedAt,
            started_at: startedAt,
            status: 'running' satisfies Status,
            [TTL]: expiry(now),
          },
          ConditionExpression: 'attribute_not_exists(#pk) OR #st = :done OR #ttl < :now',
          ExpressionAttributeNames: { '#pk': LOCK_PK, '#st': 'status', '#ttl': TTL },
          ExpressionAttributeValues: { ':done': 'done', ':now': Math.floor(now.getTime() / 1000) },
        }),
      );
      return { recordId, startedAt, resumed: false, owner };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
  throw new BackfillProgressError(`backfill ${recordId} changed while starting; run it again`, {
    context: { recordId },
  });
}

/**
 * Records where the backfill is (status, current date, failure reason). Conditional on its
 * start time, so a finished run never overwrites a newer backfill of the same range. Idempotent.
 */
export async function setProgress(
  t: LocksTable,
  run: Pick<BackfillRun, 'recordId' | 'startedAt' | 'owner'>,
  status: Status,
  now: Date,
  detail: { date?: string; reason?: string } = {},
): Promise<void> {
  try {
    await t.ddb.send(
      new UpdateCommand({
        TableName: t.table,
        Key: { [LOCK_PK]: run.recordId },
        UpdateExpression:
          'SET #st = :st, #owner = :owner, acquired_at = :now, #ttl = :ttl, #cd = :date, #reason = :reason',
        ConditionExpression: 'started_at = :started',
        ExpressionAttributeNames: {
          '#st': 'status',
          '#owner': 'owner',
          '#ttl': TTL,
          '#cd': 'current_date',
          '#reason': 'reason',
        },
        ExpressionAttributeValues: {
          ':st': status,
          ':owner': run.owner,
          ':now': now.toISOString(),
          ':ttl': expiry(now),
          ':date': detail.date ?? null,
          ':reason': detail.reason ?? null,
          ':started': run.startedAt,
        },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    throw new BackfillProgressError(
      `backfill ${run.recordId} was restarted by another run; this one stops`,
      { cause: err, context: { recordId: run.recordId, startedAt: run.startedAt } },
    );
  }
}
