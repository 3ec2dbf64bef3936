import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { FilesTable } from './file-repository';
import { ManifestConflictError } from './tracking-errors';

/** Most actions one TransactWriteItems call accepts. */
export const TRANSACTION_LIMIT = 100;

type Action = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Runs one transaction. A cancellation caused only by concurrent transactions on the same items
 * is retried with backoff; one caused by a failed condition becomes a ManifestConflictError
 * naming the items whose condition failed. Other errors are rethrown as they are.
 */
export async function transact(
  t: FilesTable,
  actions: readonly Action[],
  context: Record<string, unknown>,
): Promise<void> {
  if (actions.length > TRANSACTION_LIMIT) throw new RangeError('too many transaction actions');
  for (let attempt = 0; ; attempt += 1) {
    try {
      await t.ddb.send(new TransactWriteCommand({ TransactItems: [...actions] }));
      return;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const codes = (err.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      const conflictOnly =
        codes.length > 0 && codes.every((c) => c === 'None' || c === 'TransactionConflict');
      if (conflictOnly && attempt < 5) {
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt + Math.random() * 50));
        continue;
      }
      const failed = codes.flatMap((c, i) => (c === 'ConditionalCheckFailed' ? [i] : []));
      throw new ManifestConflictError('transaction cancelled: a condition failed', {
        cause: err,
        context: { ...context, failedActions: failed, codes },
      });
    }
  }
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
