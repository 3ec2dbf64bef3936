import type { SQSRecord } from 'aws-lambda';

/**
 * What an invocation processes, as the chaos dice see it: message ids with their receive
 * counts, so a redelivery of the same batch rolls new dice instead of dying at the same write.
 */
export function invocationKey(records: readonly SQSRecord[]): string {
  return records
    .map((r) => `${r.messageId}@${r.attributes.ApproximateReceiveCount}`)
    .sort()
    .join(',');
}
