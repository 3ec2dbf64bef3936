/**
 * What the manifest builder's integration tests share: the core's dependencies built from the
 * provisioned dev stack's environment, raw uploads that fire real S3 notifications, and readers
 * for what the builder produced (manifest messages, documents, tracking items).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { Message } from '@aws-sdk/client-sqs';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import type {
  ManifestDocument,
  ManifestMessage,
} from '../../../handlers/lib/manifest/manifest-document';
import {
  manifestDocumentSchema,
  manifestMessageSchema,
} from '../../../handlers/lib/manifest/manifest-document';
import { ENV_VARS, PREFIXES, TABLE_KEYS } from '../../../handlers/lib/names';
import type { FileItem, ManifestItem } from '../../../handlers/lib/tracking/items';
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

/** Keys of the manifest documents in the artifacts bucket. */
export async function manifestDocumentKeys(fx: PipelineFixture): Promise<string[]> {
  const out = await fx.backend.clients.s3.send(
    new ListObjectsV2Command({ Bucket: fx.names.buckets.artifacts, Prefix: PREFIXES.manifests }),
  );
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function scanFilesTable(fx: PipelineFixture): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await fx.backend.clients.ddb.send(
      new ScanCommand({
        TableName: fx.names.tables.files,
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item of the files table, split by kind. */
export async function trackingItems(
  fx: PipelineFixture,
): Promise<{ files: FileItem[]; manifests: ManifestItem[] }> {
  const items = await scanFilesTable(fx);
  return {
    files: items.filter((i) => i.kind === 'file') as unknown as FileItem[],
    manifests: items.filter((i) => i.kind === 'manifest') as unknown as ManifestItem[],
  };
}

/** Every manifest document in the artifacts bucket, parsed by the shared schema. */
export async function manifestDocuments(fx: PipelineFixture): Promise<ManifestDocument[]> {
  const { s3 } = fx.backend.clients;
  const docs: ManifestDocument[] = [];
  for (const Key of await manifestDocumentKeys(fx)) {
    const out = await s3.send(new GetObjectCommand({ Bucket: fx.names.buckets.artifacts, Key }));
    docs.push(manifestDocumentSchema.parse(JSON.parse(await out.Body!.transformToString())));
  }
  return docs;
}

/** How many manifest documents name each raw key (a correct run gives 1 for every key). */
export function manifestCountByKey(docs: readonly ManifestDocument[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of docs)
    for (const f of doc.files) counts.set(f.key, (counts.get(f.key) ?? 0) + 1);
  return counts;
}

/** Deletes every tracking item and manifest document: the state before a rerun. */
export async function wipeBuilderState(fx: PipelineFixture): Promise<void> {
  const { ddb, s3 } = fx.backend.clients;
  const pk = TABLE_KEYS.files.partitionKey;
  const keys = (await scanFilesTable(fx)).map((i) => ({ [pk]: i[pk] as string }));
  for (let i = 0; i < keys.length; i += 25) {
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: {
          [fx.names.tables.files]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
        },
      }),
    );
  }
  const docKeys = await manifestDocumentKeys(fx);
  if (docKeys.length > 0) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: fx.names.buckets.artifacts,
        Delete: { Objects: docKeys.map((Key) => ({ Key })) },
      }),
    );
  }
}
