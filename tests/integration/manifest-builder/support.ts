/**
 * What the manifest builder's integration tests share: the core's dependencies built from the
 * provisioned dev stack's environment, raw uploads that fire real S3 notifications, queue
 * readers, and (re-exported from readers.ts) readers of documents and tracking items.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Message } from '@aws-sdk/client-sqs';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import type { ManifestMessage } from '../../../handlers/lib/manifest/manifest-document';
import { manifestMessageSchema } from '../../../handlers/lib/manifest/manifest-document';
import { ENV_VARS, PREFIXES } from '../../../handlers/lib/names';
import { parseBuilderConfig } from '../../../handlers/manifest-builder/config';
import type { BuilderDeps, BuilderHooks } from '../../../handlers/manifest-builder/dependencies';
import { sqsEventFromMessages } from '../../../scripts/local/lambda-events';
import type { PipelineFixture } from '../../helpers/pipeline';

/** A logger that writes nothing, so test output stays readable. */
export const silentLogger = new Logger({
  logLevel: process.env.BUILDER_TEST_LOG_LEVEL === 'DEBUG' ? 'DEBUG' : 'SILENT',
});

/** Builder dependencies over the fixture, with environment overrides and optional fault hooks. */
export function builderDeps(
  fx: PipelineFixture,
  overrides: Record<string, string> = {},
  extra: { hooks?: BuilderHooks; now?: () => Date } = {},
): BuilderDeps {
  const config = parseBuilderConfig({ ...fx.functionEnv.manifestBuilder, ...overrides });
  return {
    clients: fx.backend.clients,
    config,
    logger: silentLogger,
    lockWait: { attempts: 40, baseDelayMs: 50 },
    ...extra,
  };
}

/** Small test files: no expected size, so a few bytes are valid. */
export const SMALL_FILES = { [ENV_VARS.expectedFileSizeMb]: '' };

/** Uploads raw objects; S3 notifies the ingest queue of each. */
export async function putRaw(
  fx: PipelineFixture,
  keys: readonly string[],
  body = '{"event_id":"1"}\n',
): Promise<void> {
  const { s3 } = fx.backend.clients;
  for (let i = 0; i < keys.length; i += 20) {
    await Promise.all(
      keys
        .slice(i, i + 20)
        .map((Key) =>
          s3.send(
            new PutObjectCommand({ Bucket: fx.names.buckets.raw, Key, Body: Buffer.from(body) }),
          ),
        ),
    );
  }
}

/** A raw key of the layout. */
export const rawKey = (date: string, file: string, source = 'app'): string =>
  `${PREFIXES.raw}source=${source}/ingestion_date=${date}/${file}`;

/** Receives and deletes messages until at least `atLeast` arrived and the queue looks empty. */
async function drain(fx: PipelineFixture, url: string, atLeast: number): Promise<Message[]> {
  const { sqs } = fx.backend.clients;
  const all: Message[] = [];
  for (let empties = 0; empties < 10;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: all.length < atLeast ? 1 : 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) {
      if (all.length >= atLeast) break;
      empties += 1;
      continue;
    }
    all.push(...messages);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return all;
}

const queueUrl = (fx: PipelineFixture, key: 'ingestQueueUrl' | 'manifestQueueUrl'): string =>
  fx.functionEnv.manifestBuilder[ENV_VARS[key]]!;

/**
 * Receives (and deletes) the ingest queue's object notifications (the s3:TestEvent left out), as
 * SQS events of `batchSize` records, as the event source mapping would deliver them.
 */
export async function ingestEvents(
  fx: PipelineFixture,
  expected: number,
  batchSize = 10,
): Promise<SQSEvent[]> {
  const url = queueUrl(fx, 'ingestQueueUrl');
  const messages = (await drain(fx, url, expected)).filter(
    (m) => !m.Body!.includes('s3:TestEvent'),
  );
  const { Attributes } = await fx.backend.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const events: SQSEvent[] = [];
  for (let i = 0; i < messages.length; i += batchSize) {
    events.push(
      sqsEventFromMessages(
        Attributes!.QueueArn!,
        fx.backend.target.region,
        messages.slice(i, i + batchSize),
      ),
    );
  }
  return events;
}

/** Receives (and deletes) every message on the manifest queue, parsed. */
export async function manifestMessages(
  fx: PipelineFixture,
): Promise<Extract<ManifestMessage, { kind: 'manifest' }>[]> {
  const messages = await drain(fx, queueUrl(fx, 'manifestQueueUrl'), 0);
  return messages.map((m) => {
    const message = manifestMessageSchema.parse(JSON.parse(m.Body!));
    if (message.kind !== 'manifest') throw new Error(`unexpected ${message.kind} message`);
    return message;
  });
}

export * from './readers';
