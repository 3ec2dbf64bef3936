/** The local runtime: real handler entries, Lambda-shaped events, partial batch failures, timeouts. */
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { LocalRuntime } from '../../../scripts/local/runtime/runtime';
import type { InvocationRecord } from '../../../scripts/local/runtime/invocation';
import { usePipeline } from '../../helpers/pipeline';
import { drainQueue } from '../../helpers/queues';
import { scaled } from '../../helpers/time-scale';

const pipeline = usePipeline();
const FAIL_MARKED = join(__dirname, '../../fixtures/handlers/fail-marked.ts');

function queueUrls() {
  const env = pipeline().functionEnv.manifestBuilder;
  const attrs = [...pipeline().deployment.report.attributes.values()];
  const dlq = attrs.find((a) => a.name === pipeline().names.queues.ingestDlq)!.url!;
  return { ingest: env.INGEST_QUEUE_URL!, dlq };
}

async function until<T>(find: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeEach(async () => {
  const { sqs } = pipeline().backend.clients;
  const { ingest, dlq } = queueUrls();
  await drainQueue(sqs, ingest);
  await drainQueue(sqs, dlq);
});

describe('local runtime', () => {
  it('invokes the manifest builder with the S3 notification the emulator produced, as an SQS event', async () => {
    const { backend, names, deployment } = pipeline();
    const records: InvocationRecord[] = [];
    const runtime = new LocalRuntime(deployment, backend.clients, {
      onInvoke: (r) => records.push(r),
      retryDelaySeconds: 0,
    });
    runtime.start();
    try {
      const key = 'raw/source=app/ingestion_date=2026-11-20/events 1.ndjson';
      await backend.clients.s3.send(
        new PutObjectCommand({ Bucket: names.buckets.raw, Key: key, Body: '{"event_id":"1"}\n' }),
      );
      const record = await until(
        () =>
          records.find(
            (r) =>
              r.functionKey === 'manifestBuilder' &&
              JSON.stringify(r.event).includes('events+1.ndjson'),
          ),
        scaled(20_000),
      );
      const event = record.event as SQSEvent;
      const sqsRecord = event.Records.find((r) => r.body.includes('events+1.ndjson'))!;
      expect(sqsRecord).toMatchObject({ eventSource: 'aws:sqs', awsRegion: backend.target.region });
      expect(sqsRecord.eventSourceARN).toMatch(new RegExp(`:${names.queues.ingest}$`));
      expect(Number(sqsRecord.attributes.ApproximateReceiveCount)).toBeGreaterThanOrEqual(1);
      const notification = JSON.parse(sqsRecord.body) as {
        Records: Array<{ eventSource: string; s3: { bucket: { name: string } } }>;
      };
      expect(notification.Records[0]).toMatchObject({
        eventSource: 'aws:s3',
        s3: { bucket: { name: names.buckets.raw } },
      });
    } finally {
      await runtime.stop();
    }
  });

  it('retries only the failed record of a batch, deletes the others, and the failed one ends in the DLQ', async () => {
    const { backend, deployment } = pipeline();
    const { sqs } = backend.clients;
    const { ingest, dlq } = queueUrls();
    for (const body of ['ok-1', 'poison', 'ok-2'])
      await sqs.send(new SendMessageCommand({ QueueUrl: ingest, MessageBody: body }));
    const seen: string[] = [];
    const runtime = new LocalRuntime(deployment, backend.clients, {
      handlerOverrides: { manifestBuilder: FAIL_MARKED },
      retryDelaySeconds: 0,
      onInvoke: (r) => {
        if (r.trigger === 'sqs') seen.push(...(r.event as SQSEvent).Records.map((x) => x.body));
      },
    });
    try {
      await runtime.runUntilIdle({ fireSchedules: false, timeoutMs: scaled(60_000) });
    } finally {
      await runtime.stop();
    }
    const count = (body: string) => seen.filter((b) => b === body).length;
    expect([count('ok-1'), count('ok-2')]).toEqual([1, 1]);
    expect(count('poison')).toBe(3); // maxReceiveCount of the dev ingest queue
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 2, MaxNumberOfMessages: 10 }),
    );
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
  });

  it('stops a handler that exceeds its timeout; its message becomes visible again', async () => {
    const { backend, deployment } = pipeline();
    const { sqs } = backend.clients;
    const { ingest } = queueUrls();
    await sqs.send(new SendMessageCommand({ QueueUrl: ingest, MessageBody: 'spin' }));
    const records: InvocationRecord[] = [];
    const runtime = new LocalRuntime(deployment, backend.clients, {
      handlerOverrides: { manifestBuilder: FAIL_MARKED },
      timeoutMs: { manifestBuilder: 1_500 },
      retryDelaySeconds: 2,
      onInvoke: (r) => records.push(r),
    });
    runtime.start();
    let record: InvocationRecord;
    try {
      record = await until(() => records[0], scaled(30_000));
    } finally {
      await runtime.stop();
    }
    expect(record.outcome).toEqual({ kind: 'timeout', timeoutMs: 1_500 });
    expect(record.failed).toHaveLength(1);
    expect(record.deleted).toHaveLength(0);
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: ingest,
        WaitTimeSeconds: 10,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    expect(Messages?.map((m) => m.Body)).toEqual(['spin']);
    expect(Number(Messages![0]!.Attributes!.ApproximateReceiveCount)).toBeGreaterThanOrEqual(2);
  });
});
