import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createAwsClients } from '../lib/aws/clients';
import { targetFromEnv } from '../lib/aws/target';
import type { SCHEDULED_INPUTS } from '../lib/names';
import { createLogger } from '../lib/observability/logger';
import { createMetrics } from '../lib/observability/metrics';
import { parseBuilderConfig } from './config';
import type { BuilderDeps } from './dependencies';
import { DateBuildError } from './errors';
import { flushAllDates } from './flush';
import { processRecords } from './process-records';
import { publishReport } from './publish-metrics';
import type { BuilderReport } from './report';

/** Input of the scheduled flush of partial manifests. */
export type FlushInput = typeof SCHEDULED_INPUTS.flush;

let built: { deps: BuilderDeps; metrics: Metrics } | undefined;

/** Config, clients, logger and metrics: built on the first invocation, reused after. */
function dependencies(): { deps: BuilderDeps; metrics: Metrics } {
  if (built) return built;
  const config = parseBuilderConfig(process.env);
  const clients = createAwsClients(targetFromEnv());
  const logger = createLogger(config.serviceName, config.logLevel);
  built = {
    deps: { clients, config, logger },
    metrics: createMetrics(config.metricsNamespace, config.serviceName),
  };
  return built;
}

/**
 * Lambda entry of the manifest builder: S3 notifications from the ingest queue (partial batch
 * failures, so one bad record does not retry the batch) and the scheduled flush.
 */
export async function handler(event: SQSEvent | FlushInput): Promise<SQSBatchResponse | undefined> {
  const { deps, metrics } = dependencies();
  if ('Records' in event) {
    const { response, report } = await processRecords(deps, event.Records);
    deps.logger.info('batch processed', { ...report, failed: response.batchItemFailures.length });
    publishReport(metrics, report);
    return response;
  }
  const report = await flushAllDates(deps).catch((err: unknown) => {
    // Counts of a partly failed flush are still published before the error fails the invocation.
    if (err instanceof DateBuildError) publishReport(metrics, err.context.report as BuilderReport);
    throw err;
  });
  deps.logger.info('flush done', { ...report });
  publishReport(metrics, report);
  return undefined;
}
