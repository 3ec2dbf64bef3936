import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { PipelineError } from '../../../handlers/lib/errors/pipeline-error';
import type { ResourceNames } from '../../../handlers/lib/names';

/** Work queues that have a DLQ to redrive from. */
export const REDRIVE_QUEUES = ['ingest', 'manifest'] as const;
export type RedriveQueue = (typeof REDRIVE_QUEUES)[number];

/** A queue of the deployment is not on the target (not provisioned or deployed there). */
export class QueueNotFoundError extends PipelineError {}

/** A queue as the SQS API addresses it. */
export interface QueueRef {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

/** A work queue and its dead-letter queue. */
export interface QueuePair {
  readonly source: QueueRef;
  readonly dlq: QueueRef;
}

async function queueRef(sqs: SQSClient, name: string): Promise<QueueRef> {
  let url: string;
  try {
    url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
  } catch (err) {
    if (err instanceof QueueDoesNotExist || (err as Error).name.includes('NonExistentQueue')) {
      throw new QueueNotFoundError(`queue ${name} does not exist on the target`, {
        cause: err,
        context: { name },
      });
    }
    throw err;
  }
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { name, url, arn: Attributes.QueueArn! };
}

/** The work queue `queue` of a deployment and its DLQ, looked up by name on the target. */
export async function queuePair(
  sqs: SQSClient,
  names: ResourceNames,
  queue: RedriveQueue,
): Promise<QueuePair> {
  const [source, dlq] = await Promise.all([
    queueRef(sqs, queue === 'ingest' ? names.queues.ingest : names.queues.manifest),
    queueRef(sqs, queue === 'ingest' ? names.queues.ingestDlq : names.queues.manifestDlq),
  ]);
  return { source, dlq };
}

/** Messages waiting in a queue (visible ones: what a redrive would move now). */
export async function visibleMessages(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0);
}
