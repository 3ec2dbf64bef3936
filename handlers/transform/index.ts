import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createAwsClients } from '../lib/aws/clients';
import { targetFromEnv } from '../lib/aws/target';
import { catalogTargetFor } from '../lib/iceberg/catalog-target';
import { manifestMessageSchema } from '../lib/manifest/manifest-document';
import { createLogger } from '../lib/observability/logger';
import { createMetrics } from '../lib/observability/metrics';
import { parseTransformConfig } from './config';
import type { TransformDeps } from './job';
import { processManifestMessage } from './process-message';
import { dynamoStatusStore } from './status-store';

let deps: TransformDeps | undefined;

/** Builds the dependencies once per cold start: config, clients, status store, logger, metrics. */
export function transformDepsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TransformDeps {
  const config = parseTransformConfig(env);
  const target = targetFromEnv(env);
  const clients = createAwsClients(target);
  return {
    s3: clients.s3,
    ddb: clients.ddb,
    sns: clients.sns,
    config,
    store: dynamoStatusStore(clients.ddb, config.tables.files),
    catalog: {
      catalog: catalogTargetFor(target, config.iceberg.warehouse),
      extensionDir: config.iceberg.extensionDir,
    },
    locks: { ddb: clients.ddb, table: config.tables.locks },
    logger: createLogger(config.serviceName, config.logLevel),
    metrics: createMetrics(config.metricsNamespace, config.serviceName),
  };
}

/**
 * Handles one SQS batch with the given dependencies and returns partial batch failures: a
 * record whose processing threw is retried (and reaches the DLQ after maxReceiveCount), the
 * others are deleted. The local runtime and tests call this with their own dependencies.
 */
export async function handleManifestBatch(
  d: TransformDeps,
  event: SQSEvent,
): Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (r: SQSRecord): Promise<void> => {
    const msg = manifestMessageSchema.parse(JSON.parse(r.body));
    try {
      const outcome = await processManifestMessage(d, msg);
      d.logger.info('manifest message processed', { messageId: r.messageId, outcome });
    } catch (err) {
      d.logger.error('manifest message failed', { messageId: r.messageId, error: err as Error });
      throw err;
    }
  };
  // One record at a time: each run already uses every core DuckDB is given, and its memory limit.
  return processPartialResponse(event, record, processor, {
    throwOnFullBatchFailure: false,
    processInParallel: false,
  });
}

/** Lambda entry of the transform: manifest messages from the manifest queue. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  deps ??= transformDepsFromEnv();
  return handleManifestBatch(deps, event);
};
