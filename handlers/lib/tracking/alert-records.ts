/**
 * Alert-once records: one item per thing an alert is about (a source's missing date, a DLQ's
 * backlog), kept in the files table under keys starting with {@link ALERT_RECORD_KEY_PREFIX}.
 * They carry no index attributes, so no query of file or manifest items ever sees them, and the
 * sensor's IAM policy lets it write items with this key prefix only.
 *
 * An alert is claimed (state PENDING, with a lease) by a conditional write before it is
 * published and marked SENT after, so a repeated run never publishes it twice, a failed
 * publish is given back, and a claim whose owner crashed is taken over once its lease expired.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Alert, AlertKind } from '../alerts/alert-message';
import type { FilesTable } from './file-repository';
import { PK, TTL } from './items';
import { conditionally } from './conditionally';

/** Key prefix of every alert record (the IAM condition on the sensor's writes uses it). */
export const ALERT_RECORD_KEY_PREFIX = 'ALERT#';

/** PENDING: claimed, being published. SENT: published. QUIET: an observation, nothing to send. */
export type AlertRecordState = 'PENDING' | 'SENT' | 'QUIET';

/** One alert record as stored. */
export interface AlertRecordItem {
  readonly [PK]: string;
  readonly kind: 'alert';
  readonly alert_kind: AlertKind;
  readonly state: AlertRecordState;
  /** Incremented by every write; the condition of the next write (optimistic concurrency). */
  readonly version: number;
  /** The observed value the record is about (a DLQ's depth), when there is one. */
  readonly observed?: number;
  /** The last alert claimed or sent. */
  readonly alert?: Alert;
  readonly claim_token?: string;
  /** Epoch seconds after which a PENDING claim counts as abandoned. */
  readonly lease_until?: number;
  readonly updated_at: string;
  readonly sent_at?: string;
  readonly [TTL]: number;
}

/** The next state of a record, as the caller decided it. */
export interface AlertRecordWrite {
  readonly scope: string;
  readonly alertKind: AlertKind;
  readonly state: AlertRecordState;
  readonly observed?: number | undefined;
  readonly alert?: Alert | undefined;
  readonly claimToken?: string | undefined;
  readonly leaseUntil?: number | undefined;
}

export const alertRecordKey = (scope: string): string => `${ALERT_RECORD_KEY_PREFIX}${scope}`;

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** The record of `scope` (consistent read), or undefined. */
export async function readAlertRecord(
  t: FilesTable,
  scope: string,
): Promise<AlertRecordItem | undefined> {
  const out = await t.ddb.send(
    new GetCommand({
      TableName: t.table,
      Key: { [PK]: alertRecordKey(scope) },
      ConsistentRead: true,
    }),
  );
  return out.Item as AlertRecordItem | undefined;
}

/** True when the record exists and has not expired (emulators never delete expired items). */
export const isLiveRecord = (r: AlertRecordItem | undefined, now: Date): r is AlertRecordItem =>
  r !== undefined && r[TTL] > seconds(now);

/**
 * Writes the next state of a record if nobody wrote it since `previous` was read (or, with no
 * previous, if it still does not exist). Returns false when another writer won.
 */
export async function writeAlertRecord(
  t: FilesTable,
  next: AlertRecordWrite,
  previous: AlertRecordItem | undefined,
  now: Date,
  retentionSeconds: number,
): Promise<boolean> {
  const item: AlertRecordItem = {
    [PK]: alertRecordKey(next.scope),
    kind: 'alert',
    alert_kind: next.alertKind,
    state: next.state,
    version: (previous?.version ?? 0) + 1,
    ...(next.observed === undefined ? {} : { observed: next.observed }),
    ...(next.alert ? { alert: next.alert } : previous?.alert ? { alert: previous.alert } : {}),
    ...(next.claimToken ? { claim_token: next.claimToken } : {}),
    ...(next.leaseUntil === undefined ? {} : { lease_until: next.leaseUntil }),
    updated_at: now.toISOString(),
    ...(previous?.sent_at ? { sent_at: previous.sent_at } : {}),
    [TTL]: seconds(now) + retentionSeconds,
  };
  return conditionally(() =>
    t.ddb.send(
      new PutCommand({
        TableName: t.table,
        Item: item,
        ...(previous
          ? {
              ConditionExpression: '#v = :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': previous.version },
            }
          : {
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': PK },
            }),
      }),
    ),
  );
}

/** Marks a claimed alert SENT; false when the claim was taken over meanwhile. */
export async function completeAlertRecord(
  t: FilesTable,
  scope: string,
  token: string,
  now: Date,
): Promise<boolean> {
  return conditionally(() =>
    t.ddb.send(
      new UpdateCommand({
        TableName: t.table,
        Key: { [PK]: alertRecordKey(scope) },
        ConditionExpression: 'claim_token = :token',
        UpdateExpression:
          'SET #st = :sent, sent_at = :at, updated_at = :at, #v = #v + :one REMOVE claim_token, lease_until',
        ExpressionAttributeNames: { '#st': 'state', '#v': 'version' },
        ExpressionAttributeValues: {
          ':token': token,
          ':sent': 'SENT',
          ':at': now.toISOString(),
          ':one': 1,
        },
      }),
    ),
  );
}

/**
 * Gives a claim back after its alert could not be published: the previous record is restored
 * (or the new one deleted), so the next run tries again. A no-op when the claim is not ours.
 */
export async function abandonAlertRecord(
  t: FilesTable,
  scope: string,
  token: string,
  previous: AlertRecordItem | undefined,
): Promise<void> {
  const condition = {
    ConditionExpression: 'claim_token = :token',
    ExpressionAttributeValues: { ':token': token },
  };
  try {
    if (previous) {
      await t.ddb.send(new PutCommand({ TableName: t.table, Item: previous, ...condition }));
    } else {
      await t.ddb.send(
        new DeleteCommand({
          TableName: t.table,
          Key: { [PK]: alertRecordKey(scope) },
          ...condition,
        }),
      );
    }
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}
