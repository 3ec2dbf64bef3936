import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueuePair } from './queues';

/** Seams for fault-injection tests (throw to simulate a crash at that point). */
export interface ManualMoveHooks {
  /** Sent to the source queue; not yet deleted from the DLQ. */
  afterSend?(messageIds: readonly string[]): Promise<void> | void;
}

/** Counts of a manual move. */
export interface ManualMoveResult {
  readonly moved: number;
  /** Messages the source queue refused; they stay in the DLQ. */
  readonly failed: number;
}

/** Long enough that no message of a batch is seen twice while it is being moved. */
const VISIBILITY_SECONDS = 120;

/** Attribute values as SendMessage accepts them (the received ones carry empty list fields). */
const attributes = (m: Message): Record<string, MessageAttributeValue> | undefined => {
  if (!m.MessageAttributes) return undefined;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [k, v] of Object.entries(m.MessageAttributes)) {
    out[k] = {
      DataType: v.DataType,
      ...(v.StringValue === undefined ? {} : { StringValue: v.StringValue }),
      ...(v.BinaryValue === undefined ? {} : { BinaryValue: v.BinaryValue }),
    };
  }
  return Object.keys(out).length > 0 ? out : undefined;
};

/**
 * Moves up to `limit` messages from the DLQ to the source queue where the target has no move
 * task: receive a batch, send it to the source queue (same body and attributes), then delete
 * from the DLQ only what was sent. A message is never deleted unsent; a crash between send and
 * delete leaves it in both queues, which the consumers absorb (the builder tracks each object
 * version once, the transform's outputs are deterministic), so a repeated redrive is safe.
 */
export async function moveManually(
  sqs: SQSClient,
  q: QueuePair,
  limit: number,
  options: { hooks?: ManualMoveHooks; onMoved?: (count: number) => void } = {},
): Promise<ManualMoveResult> {
  const seen = new Set<string>();
  let moved = 0;
  let failed = 0;
  while (moved + failed < limit) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: q.dlq.url,
        MaxNumberOfMessages: Math.min(10, limit - moved - failed),
        VisibilityTimeout: VISIBILITY_SECONDS,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    fresh.forEach((m) => seen.add(m.MessageId!));
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.source.url,
        Entries: fresh.map((m, i) => ({
          Id: String(i),
          MessageBody: m.Body ?? '',
          MessageAttributes: attributes(m),
        })),
      }),
    );
    const ok = (sent.Successful ?? []).map((s) => fresh[Number(s.Id)]!);
    failed += fresh.length - ok.length;
    await options.hooks?.afterSend?.(ok.map((m) => m.MessageId!));
    if (ok.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: q.dlq.url,
          Entries: ok.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    moved += ok.length;
    options.onMoved?.(ok.length);
  }
  return { moved, failed };
}
