import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * Every message body of a queue, without consuming them (each is received once with a
 * visibility timeout, then made visible again): what a DLQ holds at the end of a run.
 */
export async function queueBodies(sqs: SQSClient, queueName: string): Promise<string[]> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const bodies: string[] = [];
  const handles: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
    );
    if (Messages.length === 0) break;
    for (const m of Messages) {
      bodies.push(m.Body ?? '');
      handles.push(m.ReceiptHandle ?? '');
    }
  }
  for (let i = 0; i < handles.length; i += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl,
        Entries: handles
          .slice(i, i + 10)
          .map((h, j) => ({ Id: String(j), ReceiptHandle: h, VisibilityTimeout: 0 })),
      }),
    );
  }
  return bodies.sort();
}
