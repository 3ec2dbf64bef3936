import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { claimDuplication } from './fault-plan';

/**
 * The object keys an S3 notification body names, decoded, comma-separated ('' for anything
 * else, such as the s3:TestEvent sent when the notification is configured).
 */
export function notifiedKeys(body: string): string {
  try {
    const parsed = JSON.parse(body) as { Records?: { s3?: { object?: { key?: string } } }[] };
    return (parsed.Records ?? [])
      .map((r) => decodeURIComponent((r.s3?.object?.key ?? '').replace(/\+/g, ' ')))
      .join(',');
  } catch {
    return '';
  }
}

/**
 * At-least-once delivery made visible: the first time any worker sees a notification body it
 * sends 1 or 2 more copies of it to the ingest queue (seeded), so every S3 notification is
 * delivered 2-3 times, the copies arriving later, possibly after the file was manifested.
 * Uses a client without the kill switch: this is the harness, not the handler's write.
 */
export async function duplicateDeliveries(
  sqs: SQSClient,
  queueUrl: string,
  dir: string,
  seed: string,
  records: readonly SQSRecord[],
): Promise<number> {
  let sent = 0;
  for (const r of records) {
    const copies = claimDuplication(dir, seed, r.body, notifiedKeys(r.body));
    if (copies === 0) continue;
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Array.from({ length: copies }, (_, i) => ({
          Id: String(i),
          MessageBody: r.body,
          // Later than the original: a redelivery, not a twin processed in the same batch.
          DelaySeconds: 1 + i,
        })),
      }),
    );
    sent += copies;
  }
  return sent;
}
