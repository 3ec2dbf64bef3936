/**
 * The AWS round trips the pipeline relies on, through the client factory, with the SDK's
 * default checksum behaviour on. Shared by the embedded-emulator integration test and the
 * Docker-only tests (LocalStack, the moto image), so every backend passes the same checks.
 * Each function asserts with jest's `expect`; call them inside tests.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { Upload } from '@aws-sdk/lib-storage';
import type { AwsClients } from '../../handlers/lib/aws/clients';
import { uniqueName } from './test-backend';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function queueArn(clients: AwsClients, url: string): Promise<string> {
  const attrs = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return attrs.Attributes!.QueueArn!;
}

/** Request checksums are computed and response checksums validated (the SDK default). */
export async function checksumDefaultsOn({ s3 }: AwsClients): Promise<void> {
  expect(await s3.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
  expect(await s3.config.responseChecksumValidation()).toBe('WHEN_SUPPORTED');
}

/** Put 25 objects (keys with spaces), get one back, list them in pages of 10. */
export async function s3PutGetListPages({ s3 }: AwsClients): Promise<void> {
  const Bucket = uniqueName('bucket');
  await s3.send(new CreateBucketCommand({ Bucket }));
  const keys = Array.from(
    { length: 25 },
    (_, i) => `raw/source=app/file-${String(i).padStart(2, '0')} with space.ndjson`,
  );
  await Promise.all(
    keys.map((Key) => s3.send(new PutObjectCommand({ Bucket, Key, Body: `{"n":"${Key}"}\n` }))),
  );

  const got = await s3.send(new GetObjectCommand({ Bucket, Key: keys[7]! }));
  expect(await got.Body!.transformToString()).toBe(`{"n":"${keys[7]}"}\n`);

  const pages: string[][] = [];
  for await (const page of paginateListObjectsV2(
    { client: s3, pageSize: 10 },
    { Bucket, Prefix: 'raw/' },
  )) {
    pages.push((page.Contents ?? []).map((o) => o.Key!));
  }
  expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
  expect(pages.flat()).toEqual(keys);
}

/** A 20 MB object uploaded in four 5 MB parts reads back byte for byte. */
export async function s3MultipartUpload({ s3 }: AwsClients): Promise<void> {
  const Bucket = uniqueName('bucket');
  await s3.send(new CreateBucketCommand({ Bucket }));
  const body = randomBytes(20 * 1024 * 1024);
  const parts: number[] = [];
  const upload = new Upload({
    client: s3,
    params: { Bucket, Key: 'big/object.bin', Body: body },
    partSize: 5 * 1024 * 1024,
    queueSize: 4,
  });
  upload.on('httpUploadProgress', (p) => parts.push(p.part ?? 0));
  await upload.done();
  expect(new Set(parts).size).toBe(4);

  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'big/object.bin' }));
  const bytes = await got.Body!.transformToByteArray();
  expect(bytes.length).toBe(body.length);
  expect(sha256(bytes)).toBe(sha256(body));
}

/** A message is received once and gone after its delete. */
export async function sqsSendReceiveDelete({ sqs }: AwsClients): Promise<void> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('q') }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
  expect(Messages?.map((m) => m.Body)).toEqual(['hello']);
  await sqs.send(
    new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle! }),
  );
  const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
  expect(again.Messages ?? []).toHaveLength(0);
}

/** A message received maxReceiveCount times without a delete moves to the DLQ. */
export async function sqsDeadLetterAfterMaxReceives(clients: AwsClients): Promise<void> {
  const { sqs } = clients;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('dlq') }));
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: uniqueName('q'),
      Attributes: {
        VisibilityTimeout: '0',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: await queueArn(clients, dlq.QueueUrl!),
          maxReceiveCount: 2,
        }),
      },
    }),
  );
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
  const receives: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    receives.push(r.Messages?.length ?? 0);
  }
  // Received twice (maxReceiveCount), then redriven instead of delivered a third time.
  expect(receives).toEqual([1, 1, 0, 0]);
  const dead = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: dlq.QueueUrl, WaitTimeSeconds: 1 }),
  );
  expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
}

/** The second conditional put of the same key is rejected with the typed SDK exception. */
export async function dynamodbConditionalPutRejectsDuplicate({
  dynamodb,
  ddb,
}: AwsClients): Promise<void> {
  const TableName = uniqueName('files');
  await dynamodb.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30 }, { TableName });
  const put = () =>
    ddb.send(
      new PutCommand({
        TableName,
        Item: { pk: 'raw/a.ndjson#v1', status: 'pending' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  await put();
  await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
}

/** A message published to a topic arrives in a subscribed queue, in SNS's envelope. */
export async function snsDeliversToSqs(clients: AwsClients): Promise<void> {
  const { sns, sqs } = clients;
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('alerts') }));
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: uniqueName('alerts-inbox') }),
  );
  const arn = await queueArn(clients, QueueUrl!);
  const statement = {
    Effect: 'Allow',
    Principal: { Service: 'sns.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: arn,
    Condition: { ArnEquals: { 'aws:SourceArn': TopicArn } },
  };
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl,
      Attributes: { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) },
    }),
  );
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: arn }));
  await sns.send(
    new PublishCommand({ TopicArn, Subject: 'DQ failed', Message: '{"date":"2026-11-01"}' }),
  );
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
  const envelope = JSON.parse(Messages![0]!.Body!) as Record<string, string>;
  expect(envelope).toMatchObject({ Type: 'Notification', Subject: 'DQ failed', TopicArn });
  expect(JSON.parse(envelope.Message!)).toEqual({ date: '2026-11-01' });
}

/** Every round trip with a readable name, for backends that run them all the same way. */
export const AWS_ROUND_TRIPS: ReadonlyArray<readonly [string, (c: AwsClients) => Promise<void>]> = [
  ['S3 keeps the default checksum behaviour', checksumDefaultsOn],
  ['S3 puts, gets and lists across pages', s3PutGetListPages],
  ['S3 uploads 20 MB in parts', s3MultipartUpload],
  ['SQS sends, receives and deletes', sqsSendReceiveDelete],
  ['SQS moves a message to the DLQ after maxReceiveCount', sqsDeadLetterAfterMaxReceives],
  ['DynamoDB rejects a duplicate conditional put', dynamodbConditionalPutRejectsDuplicate],
  ['SNS delivers to a subscribed SQS queue', snsDeliversToSqs],
];
