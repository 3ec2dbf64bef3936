import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ResourceNames } from '../../../handlers/lib/names';
import { StatusQueryError } from './status-error';
import type { QueueDepth } from './report';

type Role = QueueDepth['role'];
const ROLES: readonly Role[] = ['ingest', 'ingestDlq', 'manifest', 'manifestDlq'];

/** The URL of a queue by name; a missing queue is a user error (not provisioned here). */
export async function queueUrl(sqs: SQSClient, name: string): Promise<string> {
  try {
    const res = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    return res.QueueUrl!;
  } catch (err) {
    if (err instanceof QueueDoesNotExist || (err as { name?: string }).name === 'QueueDoesNotExist')
      throw new StatusQueryError(
        `queue ${name} does not exist on this target; provision the stack first (pipeline up, or cdktf deploy)`,
        { cause: err, context: { queue: name } },
      );
    throw err;
  }
}

/**
 * Age in seconds of the oldest of up to 10 messages of a DLQ, received with a zero visibility
 * timeout so they stay available. Only for DLQs: they have no redrive policy, so the extra
 * receive count is harmless there (on a live queue it would move messages to the DLQ).
 */
async function oldestDlqAge(sqs: SQSClient, url: string, now: Date): Promise<number | null> {
  const res = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['SentTimestamp'],
    }),
  );
  const sent = (res.Messages ?? [])
    .map((m) => Number(m.Attributes?.SentTimestamp))
    .filter((n) => Number.isFinite(n));
  if (sent.length === 0) return null;
  return Math.max(0, Math.round((now.getTime() - Math.min(...sent)) / 1000));
}

/**
 * Depth of the four queues of a deployment. `oldestWaiting` gives the age of the oldest work of
 * the live queues from tracking (oldest pending file, oldest queued manifest), in seconds.
 */
export async function queueDepths(
  sqs: SQSClient,
  names: ResourceNames,
  now: Date,
  oldestWaiting: { ingest: number | null; manifest: number | null },
): Promise<QueueDepth[]> {
  return Promise.all(
    ROLES.map(async (role): Promise<QueueDepth> => {
      const name = names.queues[role];
      const url = await queueUrl(sqs, name);
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      const visible = Number(Attributes.ApproximateNumberOfMessages ?? 0);
      const isDlq = role === 'ingestDlq' || role === 'manifestDlq';
      let oldest: number | null;
      if (role === 'ingest' || role === 'manifest') oldest = oldestWaiting[role];
      else oldest = visible > 0 ? await oldestDlqAge(sqs, url, now) : null;
      return {
        role,
        name,
        visible,
        inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
        delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
        oldestAgeSeconds: oldest,
        oldestBasis: isDlq ? 'dlq-sample' : role === 'ingest' ? 'pending-file' : 'queued-manifest',
      };
    }),
  );
}
