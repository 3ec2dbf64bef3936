import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import type { AwsClients } from '../../../handlers/lib/aws/clients';
import type { FunctionKey } from '../../../handlers/lib/names';
import { sqsEventFromMessages } from '../lambda-events';
import { failedMessageIds } from './batch-result';
import type { FunctionWorker } from './function-worker';
import type { InvocationRecord } from './invocation';

/** An event source mapping as the local runtime runs it. */
export interface SqsSourceSpec {
  readonly functionKey: FunctionKey;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
}

export interface SqsSourceOptions {
  /** Seconds before a failed message is visible again; undefined: the queue's visibility timeout. */
  readonly retryDelaySeconds?: number;
  readonly timeoutMs?: number;
  readonly onInvoke?: (record: InvocationRecord) => void;
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );

/**
 * Polls one queue for one function, like Lambda's event source mapping: gathers a batch (up to
 * the batch size, within the batching window, which closes early when the queue is empty),
 * invokes the handler, deletes what succeeded and leaves failures to the queue's redrive
 * policy (visible again after the visibility timeout, to the DLQ after maxReceiveCount).
 */
export class SqsSource {
  busy = false;

  constructor(
    readonly spec: SqsSourceSpec,
    private readonly clients: AwsClients,
    private readonly worker: FunctionWorker,
    private readonly options: SqsSourceOptions,
  ) {}

  private async gather(): Promise<Message[]> {
    const batch: Message[] = [];
    const windowEnds = Date.now() + this.spec.maxBatchingWindowSeconds * 1000;
    do {
      const { Messages = [] } = await this.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.spec.queueUrl,
          MaxNumberOfMessages: Math.min(10, this.spec.batchSize - batch.length),
          WaitTimeSeconds: batch.length === 0 ? 1 : 0,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) break;
      batch.push(...Messages);
    } while (batch.length < this.spec.batchSize && Date.now() < windowEnds);
    return batch;
  }

  /** Receives and processes one batch; false when the queue had nothing. */
  async pollOnce(): Promise<boolean> {
    const messages = await this.gather();
    if (messages.length === 0) return false;
    this.busy = true;
    try {
      const event = sqsEventFromMessages(this.spec.queueArn, this.spec.region, messages);
      const started = Date.now();
      const outcome = await this.worker.invoke(event, this.options.timeoutMs);
      const ids = messages.map((m) => m.MessageId!);
      const failed = failedMessageIds(outcome, ids, this.spec.reportBatchItemFailures);
      const succeeded = messages.filter((m) => !failed.includes(m.MessageId!));
      for (const chunk of chunks(succeeded, 10)) {
        await this.clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.spec.queueUrl,
            Entries: chunk.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
      if (this.options.retryDelaySeconds !== undefined && failed.length > 0) {
        const retry = messages.filter((m) => failed.includes(m.MessageId!));
        for (const chunk of chunks(retry, 10)) {
          await this.clients.sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: this.spec.queueUrl,
              Entries: chunk.map((m, i) => ({
                Id: String(i),
                ReceiptHandle: m.ReceiptHandle!,
                VisibilityTimeout: this.options.retryDelaySeconds,
              })),
            }),
          );
        }
      }
      this.options.onInvoke?.({
        functionKey: this.spec.functionKey,
        trigger: 'sqs',
        event,
        outcome,
        durationMs: Date.now() - started,
        deleted: succeeded.map((m) => m.MessageId!),
        failed,
      });
      return true;
    } finally {
      this.busy = false;
    }
  }
}
