/**
 * The client factory against the test backend, with the SDK's default checksum behaviour on:
 * every AWS API the pipeline relies on, round-tripped.
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
import { uniqueName, useTestBackend } from '../helpers/test-backend';

const backend = useTestBackend();
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function queueArn(url: string): Promise<string> {
  const { sqs } = backend().clients;
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return attrs.Attributes!.QueueArn!;
}

describe('S3', () => {
  it('leaves the SDK default checksum behaviour on', async () => {
    const { s3 } = backend().clients;
    expect(await s3.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
    expect(await s3.config.responseChecksumValidation()).toBe('WHEN_SUPPORTED');
  });

  it('puts, gets and lists objects across pages', async () => {
    const { s3 } = backend().clients;
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
  });

  it('uploads a 20 MB object in parts and reads back the same bytes', async () => {
    const { s3 } = backend().clients;
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
  });
});

describe('SQS', () => {
  it('sends, receives and deletes', async () => {
    const { sqs } = backend().clients;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('q') }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }),
    );
    expect(Messages?.map((m) => m.Body)).toEqual(['hello']);
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle! }),
    );
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    expect(again.Messages ?? []).toHaveLength(0);
  });

  it('moves a message to the DLQ after maxReceiveCount receives', async () => {
    const { sqs } = backend().clients;
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('dlq') }));
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: uniqueName('q'),
        Attributes: {
          VisibilityTimeout: '0',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: await queueArn(dlq.QueueUrl!),
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
  });
});

describe('DynamoDB', () => {
  it('rejects a conditional put of an item that already exists', async () => {
    const { dynamodb, ddb } = backend().clients;
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
  });
});

describe('SNS', () => {
  it('delivers a published message to a subscribed SQS queue', async () => {
    const { sns, sqs } = backend().clients;
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('alerts') }));
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: uniqueName('alerts-inbox') }),
    );
    const arn = await queueArn(QueueUrl!);
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'sns.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: arn,
                Condition: { ArnEquals: { 'aws:SourceArn': TopicArn } },
              },
            ],
          }),
        },
      }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: arn }));
    await sns.send(
      new PublishCommand({ TopicArn, Subject: 'DQ failed', Message: '{"date":"2026-11-01"}' }),
    );
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }),
    );
    const envelope = JSON.parse(Messages![0]!.Body!) as {
      Type: string;
      Subject: string;
      Message: string;
      TopicArn: string;
    };
    expect(envelope).toMatchObject({ Type: 'Notification', Subject: 'DQ failed', TopicArn });
    expect(JSON.parse(envelope.Message)).toEqual({ date: '2026-11-01' });
  });
});
