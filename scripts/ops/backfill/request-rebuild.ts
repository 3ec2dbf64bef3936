import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { manifestMessageSchema } from '../../../handlers/lib/manifest/manifest-document';
import type { ResourceNames } from '../../../handlers/lib/names';
import { queueUrl } from '../status/queues';

/**
 * Sends the transform the rebuild message of one date (one source's table, or every source's),
 * stamped `requestedAt`: the one message `pipeline backfill` and `pipeline dq accept` both send,
 * so an operator's rebuild is the transform's ordinary partition replace.
 */
export async function requestRebuild(
  sqs: SQSClient,
  names: ResourceNames,
  date: string,
  requestedAt: string,
  source?: string,
): Promise<void> {
  const url = await queueUrl(sqs, names.queues.manifest);
  const message = manifestMessageSchema.parse({
    kind: 'rebuild',
    ingestionDate: date,
    requestedAt,
    ...(source ? { source } : {}),
  });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(message) }));
}
