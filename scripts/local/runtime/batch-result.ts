import type { InvokeOutcome } from './function-worker';

/**
 * Which messages of a batch failed, by Lambda's rules for SQS event sources: a thrown error or
 * a timeout fails the whole batch; with ReportBatchItemFailures the response lists the failed
 * message ids, and a response naming an id that is not in the batch (or an empty one) fails
 * the whole batch.
 */
export function failedMessageIds(
  outcome: InvokeOutcome,
  batchIds: readonly string[],
  reportBatchItemFailures: boolean,
): string[] {
  if (outcome.kind !== 'ok') return [...batchIds];
  if (!reportBatchItemFailures) return [];
  const response = outcome.result as { batchItemFailures?: unknown } | null | undefined;
  const failures = response?.batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return [...batchIds];
  const ids = failures.map((f) => (f as { itemIdentifier?: unknown }).itemIdentifier);
  if (ids.some((id) => typeof id !== 'string' || !batchIds.includes(id))) return [...batchIds];
  return [...new Set(ids as string[])];
}
