/** The local provisioner: the synthesized dev stack, made real on the emulator, idempotently. */
import { ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { TABLE_KEYS } from '../../../handlers/lib/names';
import { provisionStack } from '../../../scripts/local/provisioner/provision';
import { usePipeline } from '../../helpers/pipeline';

const pipeline = usePipeline();

/** Everything the emulator holds that the provisioner manages, for before/after comparison. */
async function emulatorState() {
  const { clients } = pipeline().backend;
  const { names } = pipeline();
  const buckets = (await clients.s3.send(new ListBucketsCommand({}))).Buckets?.map(
    (b) => b.Name,
  ).sort();
  const queues = await Promise.all(
    Object.values(names.queues).map(async (q) => {
      const url = pipeline().deployment.report.attributes;
      const queueUrl = [...url.values()].find((a) => a.name === q)?.url;
      const attrs = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
      );
      const {
        LastModifiedTimestamp: _m,
        ApproximateNumberOfMessages: _n,
        ...stable
      } = attrs.Attributes ?? {};
      return [q, stable];
    }),
  );
  const rules = (await clients.events.send(new ListRulesCommand({}))).Rules?.map((r) => [
    r.Name,
    r.ScheduleExpression,
  ]);
  return { buckets, queues, rules };
}

describe('local provisioner', () => {
  it('creates every bucket, queue, table, topic and rule the dev stack declares', () => {
    const { report, names } = pipeline().deployment;
    const created = report.applied.map((a) => a.address.split('.')[0]);
    expect(new Set(created)).toEqual(
      new Set([
        'aws_s3_bucket',
        'aws_s3_bucket_versioning',
        'aws_s3_bucket_notification',
        'aws_sqs_queue',
        'aws_sqs_queue_policy',
        'aws_sns_topic',
        'aws_dynamodb_table',
        'aws_cloudwatch_event_rule',
        'aws_cloudwatch_event_target',
      ]),
    );
    expect(report.unsupported).toEqual([]);
    expect(report.notProvisioned.map((n) => n.type)).toContain('aws_lambda_event_source_mapping');
    expect(names.env).toBe('dev');
  });

  it('creates tables with their GSI and TTL, and queues with their redrive policy', async () => {
    const { clients } = pipeline().backend;
    const { names, report } = pipeline().deployment;
    const files = await clients.dynamodb.send(
      new DescribeTableCommand({ TableName: names.tables.files }),
    );
    expect(files.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual([
      TABLE_KEYS.files.pendingByDateIndex,
    ]);
    const ttl = await clients.dynamodb.send(
      new DescribeTimeToLiveCommand({ TableName: names.tables.files }),
    );
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: TABLE_KEYS.ttlAttribute,
    });
    const ingest = [...report.attributes.values()].find((a) => a.name === names.queues.ingest)!;
    const dlq = [...report.attributes.values()].find((a) => a.name === names.queues.ingestDlq)!;
    const attrs = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: ingest.url, AttributeNames: ['RedrivePolicy'] }),
    );
    expect(JSON.parse(attrs.Attributes!.RedrivePolicy!)).toMatchObject({
      deadLetterTargetArn: dlq.arn,
    });
  });

  it('changes nothing when run a second time', async () => {
    const { backend, deployment } = pipeline();
    const before = await emulatorState();
    const again = await provisionStack(deployment.stack, backend.clients, backend.target.region);
    expect(again.changed).toBe(false);
    expect(again.applied.filter((a) => a.outcome !== 'unchanged')).toEqual([]);
    expect(again.applied).toHaveLength(deployment.report.applied.length);
    expect(await emulatorState()).toEqual(before);
  });

  it('wires the raw bucket to the ingest queue: a new raw object produces an S3 notification', async () => {
    const { backend, names, functionEnv } = pipeline();
    await backend.clients.s3.send(
      new PutObjectCommand({
        Bucket: names.buckets.raw,
        Key: 'raw/source=app/ingestion_date=2026-11-20/a b.ndjson',
        Body: '{}\n',
      }),
    );
    const queueUrl = functionEnv.manifestBuilder.INGEST_QUEUE_URL;
    type Notification = {
      Event?: string;
      Records?: Array<{ eventName: string; s3: { object: { key: string } } }>;
    };
    const bodies: Notification[] = [];
    while (!bodies.some((b) => b.Records)) {
      const { Messages } = await backend.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          WaitTimeSeconds: 5,
          MaxNumberOfMessages: 10,
        }),
      );
      if (!Messages?.length) break;
      bodies.push(...Messages.map((m) => JSON.parse(m.Body!) as Notification));
    }
    // Setting the notification configuration sends s3:TestEvent first, as AWS does.
    expect(bodies.filter((b) => !b.Records).map((b) => b.Event)).toEqual(['s3:TestEvent']);
    const record = bodies.find((b) => b.Records)!.Records![0]!;
    expect(record.eventName).toMatch(/^ObjectCreated:/);
    expect(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))).toBe(
      'raw/source=app/ingestion_date=2026-11-20/a b.ndjson',
    );
  });
});
