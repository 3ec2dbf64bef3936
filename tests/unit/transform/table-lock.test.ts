import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { tableLockId, withTableLock } from '../../../handlers/transform/commit/table-lock';

/** A locks table in memory that honours the lock's condition (free, expired, or same owner). */
function memoryLocks() {
  const items = new Map<string, { owner: string; expires_at: number }>();
  const send = (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const input = cmd.input as {
      Item?: Record<string, unknown>;
      Key?: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    };
    if (cmd.constructor.name === 'PutCommand') {
      const id = String(input.Item!.lock_id);
      const held = items.get(id);
      const now = Number(input.ExpressionAttributeValues[':now']);
      if (held && held.expires_at >= now && held.owner !== input.Item!.owner) {
        return Promise.reject(
          new ConditionalCheckFailedException({ message: 'held', $metadata: {} }),
        );
      }
      items.set(id, {
        owner: String(input.Item!.owner),
        expires_at: Number(input.Item!.expires_at),
      });
      return Promise.resolve({});
    }
    const id = String(input.Key!.lock_id);
    if (items.get(id)?.owner === input.ExpressionAttributeValues[':owner']) items.delete(id);
    return Promise.resolve({});
  };
  return { ddb: { send } as unknown as DynamoDBDocumentClient, items };
}

describe('the per-table commit lock', () => {
  const ref = { namespace: 'ns', table: 'app' };

  it('serializes writers of one table: the second runs only after the first released', async () => {
    const { ddb, items } = memoryLocks();
    const locks = { ddb, table: 'locks' };
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const timing = {
      ttlSeconds: 60,
      waitMs: 60_000,
      sleep: () => new Promise<void>((r) => setImmediate(r)),
    };
    const first = withTableLock(locks, ref, 'a', timing, async () => {
      order.push('a-in');
      await gate;
      order.push('a-out');
    });
    const second = withTableLock(locks, ref, 'b', timing, () => {
      order.push('b-in');
      return Promise.resolve();
    });
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a-in', 'a-out', 'b-in']);
    expect(items.has(tableLockId(ref))).toBe(false);
  });

  it('gives up after its wait, saying which lock stayed taken', async () => {
    const { ddb, items } = memoryLocks();
    items.set(tableLockId(ref), { owner: 'other', expires_at: Number.MAX_SAFE_INTEGER });
    await expect(
      withTableLock({ ddb, table: 'locks' }, ref, 'me', { ttlSeconds: 60, waitMs: 0 }, () =>
        Promise.resolve(),
      ),
    ).rejects.toThrow(/commit lock of ns\.app stayed taken/);
  });
});
