import type { Message } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Turns messages received from a queue into the SQS event Lambda's event source mapping would
 * deliver (same field names and attribute spelling), so handlers run locally on exactly the
 * shape they get on AWS. Needs the messages received with `MessageSystemAttributeNames: ['All']`
 * and `MessageAttributeNames: ['All']`.
 */
export function sqsEventFromMessages(
  queueArn: string,
  region: string,
  messages: readonly Message[],
): SQSEvent {
  return { Records: messages.map((m) => sqsRecord(queueArn, region, m)) };
}

function sqsRecord(queueArn: string, region: string, m: Message): SQSRecord {
  const sys = m.Attributes ?? {};
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: sys.ApproximateReceiveCount ?? '1',
      SentTimestamp: sys.SentTimestamp ?? String(Date.now()),
      SenderId: sys.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: sys.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(sys.AWSTraceHeader ? { AWSTraceHeader: sys.AWSTraceHeader } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([name, v]) => [
        name,
        {
          dataType: v.DataType ?? 'String',
          ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
          ...(v.BinaryValue !== undefined
            ? { binaryValue: Buffer.from(v.BinaryValue).toString('base64') }
            : {}),
        },
      ]),
    ),
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
