/**
 * Manifest builder benchmark on the embedded emulator: N raw files uploaded to the provisioned
 * dev stack, their real notifications handled by the builder core in batches of 10 (as the dev
 * event source mapping delivers them), then a flush. Baseline, in the same process on the same
 * notifications: the irreducible tracking work only (HEAD + one conditional PutItem per object).
 * Prints files/s of both, the ratio builder/baseline, and median batch times split into batches
 * that only track and batches that emit a manifest (moto's TransactWriteItems copies the whole
 * table for rollback, so on the emulator it grows with the table; on AWS it does not). Also
 * prints the AWS calls per file of both, counted by an SDK middleware on the clients (see
 * scripts/bench/sdk-calls.ts): a figure that does not depend on the emulator's speed. Usage:
 *   npx tsx tests/integration/manifest-builder/bench/builder-bench.ts [--files 1000]
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Message } from '@aws-sdk/client-sqs';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../../../../handlers/lib/aws/clients';
import { ENV_VARS, TABLE_KEYS } from '../../../../handlers/lib/names';
import { parseBuilderConfig } from '../../../../handlers/manifest-builder/config';
import { flushAllDates } from '../../../../handlers/manifest-builder/flush';
import { processRecords } from '../../../../handlers/manifest-builder/process-records';
import { decodeNotificationKey } from '../../../../handlers/manifest-builder/raw-key';
import { parseNotification } from '../../../../handlers/manifest-builder/s3-notification';
import { startEmulator } from '../../../../scripts/emulator/emulator';
import { runMain } from '../../../../scripts/lib/run-main';
import { deployLocally } from '../../../../scripts/local/deployment';
import { sqsEventFromMessages } from '../../../../scripts/local/lambda-events';
import { countSdkCalls, perFileLine } from '../../../../scripts/bench/sdk-calls';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

runMain(async () => {
  const files = Number(arg('files', '1000'));
  const emulator = await startEmulator();
  const clients = createAwsClients(emulator.target);
  const calls = countSdkCalls(clients);
  try {
    const deployment = await deployLocally(clients, emulator.target, 'dev');
    const env = deployment.functionEnv.manifestBuilder;
    const raw = deployment.names.buckets.raw;
    const keys = Array.from(
      { length: files },
      (_, i) => `raw/source=bench/ingestion_date=2026-01-01/f-${i}.ndjson`,
    );
    for (let i = 0; i < keys.length; i += 32) {
      await Promise.all(
        keys
          .slice(i, i + 32)
          .map((Key) =>
            clients.s3.send(new PutObjectCommand({ Bucket: raw, Key, Body: '{"event_id":"x"}\n' })),
          ),
      );
    }
    const queueUrl = env[ENV_VARS.ingestQueueUrl]!;
    const messages: Message[] = [];
    while (messages.filter((m) => !m.Body!.includes('TestEvent')).length < files) {
      const out = await clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      const got = out.Messages ?? [];
      messages.push(...got);
      if (got.length > 0) {
        await clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: got.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    }
    const notified = messages.filter((m) => !m.Body!.includes('TestEvent'));
    const batches = Array.from({ length: Math.ceil(notified.length / 10) }, (_, i) =>
      notified.slice(i * 10, i * 10 + 10),
    );
    const arn = `arn:aws:sqs:${emulator.target.region}:000000000000:ingest`;

    // Warm-up: connections and the emulator's first-call costs, outside both measurements.
    await Promise.all(
      keys.slice(0, 10).map((Key) => clients.s3.send(new HeadObjectCommand({ Bucket: raw, Key }))),
    );

    calls.reset();
    const baselineBatches: number[] = [];
    const baselineStart = performance.now();
    for (const batch of batches) {
      const t0 = performance.now();
      await Promise.all(
        batch.map(async (m) => {
          const parsed = parseNotification(m.Body!);
          if (parsed.kind !== 'objects') return;
          for (const o of parsed.objects) {
            const Key = decodeNotificationKey(o.encodedKey)!;
            const head = await clients.s3.send(new HeadObjectCommand({ Bucket: o.bucket, Key }));
            await clients.ddb.send(
              new PutCommand({
                TableName: deployment.names.tables.files,
                Item: {
                  [TABLE_KEYS.files.partitionKey]: `bench#${Key}#${head.ETag}`,
                  size: head.ContentLength,
                },
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': TABLE_KEYS.files.partitionKey },
              }),
            );
          }
        }),
      );
      baselineBatches.push(performance.now() - t0);
    }
    const baselineMs = performance.now() - baselineStart;
    const baselineCalls = calls.total();

    const deps = {
      clients,
      config: parseBuilderConfig({ ...env, [ENV_VARS.expectedFileSizeMb]: '' }),
      logger: new Logger({ logLevel: 'SILENT' }),
    };
    calls.reset();
    const builderStart = performance.now();
    let emitted = 0;
    const trackOnly: number[] = [];
    const withManifest: number[] = [];
    for (const batch of batches) {
      const t0 = performance.now();
      const { response, report } = await processRecords(
        deps,
        sqsEventFromMessages(arn, emulator.target.region, batch).Records,
      );
      if (response.batchItemFailures.length > 0) throw new Error('benchmark batch had failures');
      emitted += report.manifestsEmitted;
      (report.manifestsEmitted > 0 ? withManifest : trackOnly).push(performance.now() - t0);
    }
    emitted += (await flushAllDates(deps)).manifestsEmitted;
    const builderMs = performance.now() - builderStart;
    const builderCalls = calls.counts();
    const builderTotal = calls.total();

    const rate = (ms: number): string => ((files / ms) * 1000).toFixed(0);
    console.log(`files: ${files}, batches of 10: ${batches.length}, manifests emitted: ${emitted}`);
    console.log(
      `baseline (HEAD + conditional put): ${baselineMs.toFixed(0)} ms, ${rate(baselineMs)} files/s`,
    );
    console.log(
      `builder (track, lock, plan, emit): ${builderMs.toFixed(0)} ms, ${rate(builderMs)} files/s`,
    );
    console.log(`ratio builder/baseline time: ${(builderMs / baselineMs).toFixed(2)}x`);
    console.log(
      `AWS calls per file: builder ${(builderTotal / files).toFixed(2)}, baseline ${(baselineCalls / files).toFixed(2)} ` +
        `(ratio ${(builderTotal / baselineCalls).toFixed(2)}x; counted by SDK middleware, independent of the emulator's speed)`,
    );
    console.log(`builder calls per file by command: ${perFileLine(builderCalls, files)}`);
    const median = (xs: number[]): number =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const base = median(baselineBatches);
    console.log(`median batch, baseline: ${base.toFixed(0)} ms`);
    console.log(
      `median batch, builder tracking only: ${median(trackOnly).toFixed(0)} ms (${(median(trackOnly) / base).toFixed(2)}x), ` +
        `emitting a manifest: ${median(withManifest).toFixed(0)} ms (${(median(withManifest) / base).toFixed(2)}x)`,
    );
  } finally {
    clients.destroy();
    await emulator.stop();
  }
});
