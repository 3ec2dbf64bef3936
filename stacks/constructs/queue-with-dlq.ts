import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';

const DAY_SECONDS = 86_400;

/** Queue settings; the visibility timeout comes from the consuming function, never typed. */
export interface QueueWithDlqProps {
  readonly queueName: string;
  readonly dlqName: string;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly messageRetentionDays: number;
  readonly dlqRetentionDays: number;
}

/**
 * AWS requires an SQS event source's visibility timeout to be at least the function timeout
 * and recommends six times it plus the batching window, so a message is not redelivered while
 * a throttled or retried invocation still works on it.
 */
export function visibilityTimeoutFor(
  functionTimeoutSeconds: number,
  windowSeconds: number,
): number {
  return 6 * functionTimeoutSeconds + windowSeconds;
}

/**
 * An SSE-encrypted SQS queue whose messages move to its own encrypted dead-letter queue after
 * `maxReceiveCount` failed receives, so a poison message stops being retried but is kept (the
 * DLQ retains longer than the queue) for inspection and redrive.
 */
export class QueueWithDlq extends Construct {
  readonly queue: SqsQueue;
  readonly dlq: SqsQueue;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    this.dlq = new SqsQueue(this, 'dlq', {
      name: props.dlqName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: props.dlqRetentionDays * DAY_SECONDS,
    });
    this.queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      sqsManagedSseEnabled: true,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
      messageRetentionSeconds: props.messageRetentionDays * DAY_SECONDS,
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: this.dlq.arn,
        maxReceiveCount: props.maxReceiveCount,
      }),
    });
  }
}
