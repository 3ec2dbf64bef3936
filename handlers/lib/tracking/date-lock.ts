import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCK_PK, TTL } from './items';
import { conditionally } from './conditionally';

/** The locks table and the client that reaches it. */
export interface LocksTable {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
}

/** A lock this process holds. */
export interface HeldLock {
  readonly lockId: string;
  readonly owner: string;
  /** Epoch seconds after which others may take the lock over. */
  readonly expiresAt: number;
}

/** Lock id of the manifest building of one ingestion date. */
export const dateLockId = (date: string): string => `manifest-builder#${date}`;

/**
 * Takes a lock with a conditional put: free, or held by a lock whose expiry has passed (checked
 * in the condition, since TTL deletion is lazy on AWS and absent on emulators). Returns
 * undefined when another owner holds a live lock.
 */
export async function tryAcquireLock(
  t: LocksTable,
  lockId: string,
  owner: string,
  ttlSeconds: number,
  now: Date,
): Promise<HeldLock | undefined> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const lock: HeldLock = { lockId, owner, expiresAt: nowSeconds + ttlSeconds };
  try {
    await t.ddb.send(
      new PutCommand({
        TableName: t.table,
        Item: { [LOCK_PK]: lockId, owner, [TTL]: lock.expiresAt, acquired_at: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(#pk) OR #ttl < :now OR #owner = :owner',
        ExpressionAttributeNames: { '#pk': LOCK_PK, '#ttl': TTL, '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': nowSeconds, ':owner': owner },
      }),
    );
    return lock;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return undefined;
    throw err;
  }
}

/** Releases a lock if this owner still holds it; never deletes a lock taken over by another. */
export async function releaseLock(t: LocksTable, lock: HeldLock): Promise<boolean> {
  return conditionally(() =>
    t.ddb.send(
      new DeleteCommand({
        TableName: t.table,
        Key: { [LOCK_PK]: lock.lockId },
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': lock.owner },
      }),
    ),
  );
}
