import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import { DuckDBInstance, type Json } from '@duckdb/node-api';
import type { SQSBatchResponse } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MANIFEST_SCHEMA_VERSION,
  type ManifestDocument,
  type ManifestMessage,
} from '../../../handlers/lib/manifest/manifest-document';
import { catalogTargetFor } from '../../../handlers/lib/iceberg/catalog-target';
import { PREFIXES } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { putFileItem } from '../../../handlers/lib/tracking/file-repository';
import {
  INDEX_PK,
  INDEX_SK,
  PK,
  TTL,
  expiresAt,
  fileDateStatus,
  fileItemKey,
  manifestDateStatus,
  manifestItemKey,
} from '../../../handlers/lib/tracking/items';
import { createManifest } from '../../../handlers/lib/tracking/manifest-repository';
import { FILE_STATUS, MANIFEST_STATUS } from '../../../handlers/lib/tracking/statuses';
import { parseTransformConfig } from '../../../handlers/transform/config';
import { handleManifestBatch } from '../../../handlers/transform/index';
import type { TransformDeps, TransformHooks } from '../../../handlers/transform/job';
import { dynamoStatusStore } from '../../../handlers/transform/status-store';
import type { RunMetricsDocument } from '../../../handlers/transform/run-metrics';
import { sqsEventFromMessages } from '../../../scripts/local/lambda-events';
import type { RowsQuery } from '../../../handlers/lib/iceberg/table-reader';
import { sourceRows } from '../../helpers/catalog-reader';
import type { PipelineFixture } from '../../helpers/pipeline';

/** Transform dependencies on the fixture's stack; `env` overrides variables of the function. */
export function transformDeps(
  fx: PipelineFixture,
  env: Record<string, string> = {},
  hooks?: TransformHooks,
): TransformDeps {
  const config = parseTransformConfig({ ...fx.functionEnv.transform, ...env });
  const c = fx.backend.clients;
  return {
    s3: c.s3,
    ddb: c.ddb,
    sns: c.sns,
    config,
    store: dynamoStatusStore(c.ddb, config.tables.files),
    catalog: {
      catalog: catalogTargetFor(fx.backend.target, config.iceberg.warehouse),
      extensionDir: config.iceberg.extensionDir,
    },
    locks: { ddb: c.ddb, table: config.tables.locks },
    logger: new Logger({ serviceName: 'transform-test', logLevel: 'ERROR' }),
    metrics: new Metrics({ namespace: config.metricsNamespace, serviceName: 'transform-test' }),
    ...(hooks ? { hooks } : {}),
  };
}

export interface RawFile {
  readonly name: string;
  readonly body: string | Buffer;
}

/**
 * Puts raw files of one date, tracks them and records their manifest as the builder would
 * (files table items through the tracking module, manifest document in the artifacts bucket),
 * and returns the queue message that points to it.
 */
export async function seedManifest(
  fx: PipelineFixture,
  date: string,
  files: readonly RawFile[],
  source = 'app',
): Promise<Extract<ManifestMessage, { kind: 'manifest' }>> {
  const { s3, ddb } = fx.backend.clients;
  const names = fx.names;
  const t = { ddb, table: names.tables.files };
  const now = new Date();
  const entries = [];
  for (const f of files) {
    const key = `${PREFIXES.raw}source=${source}/ingestion_date=${date}/${f.name}`;
    const put = await s3.send(
      new PutObjectCommand({ Bucket: names.buckets.raw, Key: key, Body: Buffer.from(f.body) }),
    );
    // As the builder records it: pinned to the version (the raw bucket is versioned) and ETag.
    const entry = {
      bucket: names.buckets.raw,
      key,
      ...(put.VersionId ? { versionId: put.VersionId } : {}),
      etag: (put.ETag ?? '').replace(/"/g, ''),
      size: Buffer.byteLength(f.body),
    };
    entries.push(entry);
    await putFileItem(t, {
      [PK]: fileItemKey(entry),
      [INDEX_SK]: now.toISOString(),
      [TTL]: expiresAt(now),
      [INDEX_PK]: fileDateStatus(date, FILE_STATUS.pending),
      kind: 'file',
      ...entry,
      status: FILE_STATUS.pending,
      source,
      ingestion_date: date,
    });
  }
  const digest = createHash('sha256').update(entries.map((e) => `${e.key}#${e.etag}`).join('\n'));
  const manifestId = `m-${digest.digest('hex').slice(0, 20)}`;
  const doc: ManifestDocument = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    manifestId,
    source,
    ingestionDate: date,
    createdAt: now.toISOString(),
    fileCount: entries.length,
    totalBytes: entries.reduce((n, e) => n + e.size, 0),
    files: entries,
  };
  const docKey = objectKeys.manifest(date, manifestId);
  await s3.send(
    new PutObjectCommand({
      Bucket: names.buckets.artifacts,
      Key: docKey,
      Body: JSON.stringify(doc),
    }),
  );
  await createManifest(t, {
    [PK]: manifestItemKey(manifestId),
    [INDEX_SK]: now.toISOString(),
    [TTL]: expiresAt(now),
    [INDEX_PK]: manifestDateStatus(date, MANIFEST_STATUS.created),
    kind: 'manifest',
    manifest_id: manifestId,
    ingestion_date: date,
    source,
    status: MANIFEST_STATUS.created,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    file_keys: entries.map(fileItemKey),
    file_count: entries.length,
    total_bytes: doc.totalBytes,
    document_bucket: names.buckets.artifacts,
    document_key: docKey,
  });
  return {
    kind: 'manifest',
    manifestId,
    ingestionDate: date,
    bucket: names.buckets.artifacts,
    key: docKey,
  };
}

/**
 * Sends messages through the real manifest queue, receives them as the event source mapping
 * would, hands the batch to the transform handler core, then deletes what it received.
 */
export async function deliver(
  fx: PipelineFixture,
  deps: TransformDeps,
  messages: readonly ManifestMessage[],
): Promise<SQSBatchResponse> {
  const { sqs } = fx.backend.clients;
  const queueUrl = fx.functionEnv.transform.MANIFEST_QUEUE_URL!;
  for (const m of messages) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(m) }));
  }
  const received = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  const arn = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const event = sqsEventFromMessages(
    arn.Attributes!.QueueArn!,
    fx.backend.target.region,
    received.Messages ?? [],
  );
  const response = await handleManifestBatch(deps, event);
  // Tests redeliver explicitly (by sending again), so nothing stays in flight between tests.
  for (const m of received.Messages ?? []) {
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }),
    );
  }
  return response;
}

/**
 * A source's current rows (one date, or all) read through the curated table's catalog, in
 * `ORDER BY ALL` order: what the transform's commits left in the table.
 */
export async function tableRows(
  fx: PipelineFixture,
  query: RowsQuery & { readonly source?: string } = {},
): Promise<Record<string, Json>[]> {
  return sourceRows(fx.backend.target, fx.names, query.source ?? 'app', query);
}

/** Bytes of an object, or undefined when it does not exist. */
export async function objectBytes(
  fx: PipelineFixture,
  bucket: string,
  key: string,
): Promise<Buffer | undefined> {
  try {
    const res = await fx.backend.clients.s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key }),
    );
    return Buffer.from(await res.Body!.transformToByteArray());
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw err;
  }
}

/** Runs `sql` in DuckDB against local copies of objects; `$n` in the SQL is the n-th file. */
export async function queryObjects(
  fx: PipelineFixture,
  objects: readonly { bucket: string; key: string }[],
  sql: (paths: string[]) => string,
): Promise<Record<string, Json>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'transform-it-'));
  try {
    const paths: string[] = [];
    for (const [i, o] of objects.entries()) {
      const bytes = await objectBytes(fx, o.bucket, o.key);
      if (!bytes) throw new Error(`missing s3://${o.bucket}/${o.key}`);
      const ext = o.key.slice(o.key.lastIndexOf('.'));
      const path = join(dir, `o${i}${ext}`);
      writeFileSync(path, bytes);
      paths.push(path);
    }
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      return (await conn.runAndReadAll(sql(paths))).getRowObjectsJson();
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A queue subscribed to the alerts topic, to read what was published. */
export async function alertInbox(
  fx: PipelineFixture,
): Promise<() => Promise<Record<string, unknown>[]>> {
  const { sqs, sns } = fx.backend.clients;
  const name = `alerts-inbox-${Date.now()}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: fx.functionEnv.transform.ALERTS_TOPIC_ARN!,
      Protocol: 'sqs',
      Endpoint: attrs.Attributes!.QueueArn!,
      Attributes: { RawMessageDelivery: 'false' },
    }),
  );
  return async () => {
    const res = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return (res.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
  };
}

/** The metrics document of a run. */
export async function readRunMetrics(
  fx: PipelineFixture,
  date: string,
  runId: string,
): Promise<RunMetricsDocument> {
  const bytes = await objectBytes(fx, fx.names.buckets.artifacts, objectKeys.metrics(date, runId));
  if (!bytes) throw new Error(`no metrics document for ${date}/${runId}`);
  return JSON.parse(bytes.toString('utf8')) as RunMetricsDocument;
}

/** The reject records of a run. */
export async function readRejects(
  fx: PipelineFixture,
  date: string,
  runId: string,
): Promise<Record<string, unknown>[]> {
  const bytes = await objectBytes(fx, fx.names.buckets.artifacts, objectKeys.rejects(date, runId));
  if (!bytes) throw new Error(`no rejects for ${date}/${runId}`);
  const lines = bytes.toString('utf8').split('\n').filter(Boolean);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}
