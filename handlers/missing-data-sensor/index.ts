import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createAwsClients } from '../lib/aws/clients';
import { targetFromEnv } from '../lib/aws/target';
import type { SCHEDULED_INPUTS } from '../lib/names';
import { createLogger } from '../lib/observability/logger';
import { createMetrics } from '../lib/observability/metrics';
import { parseSensorConfig } from './config';
import type { SensorDeps } from './dependencies';
import { runSensor, type SensorReport } from './sensor';

/** Input of the scheduled sensor run. */
export type SensorInput = typeof SCHEDULED_INPUTS.sensor;

let built: { deps: SensorDeps; metrics: Metrics } | undefined;

/** Config, clients, logger and metrics: built on the first invocation, reused after. */
function dependencies(): { deps: SensorDeps; metrics: Metrics } {
  if (built) return built;
  const config = parseSensorConfig(process.env);
  const clients = createAwsClients(targetFromEnv());
  built = {
    deps: { clients, config, logger: createLogger(config.serviceName, config.logLevel) },
    metrics: createMetrics(config.metricsNamespace, config.serviceName),
  };
  return built;
}

/**
 * Lambda entry of the missing-data sensor, run on a schedule: alerts once per missing source
 * date and once per DLQ backlog growth (see {@link runSensor}), and publishes the counts as EMF.
 * Missing data is reported by the alert, not by failing: the Lambda error alarm stays for the
 * sensor itself being broken.
 */
export async function handler(event: SensorInput): Promise<SensorReport> {
  const { deps, metrics } = dependencies();
  const report = await runSensor(deps);
  deps.logger.info('sensor run', { action: event.action, ...report });
  metrics.addMetric(
    'MissingDates',
    MetricUnit.Count,
    report.dates.filter((c) => c.outcome !== 'arrived').length,
  );
  metrics.addMetric('SensorAlertsSent', MetricUnit.Count, report.alertsSent);
  for (const dlq of report.dlqs) {
    metrics.addMetric(`DlqDepth_${dlq.queue}`, MetricUnit.Count, dlq.depth);
  }
  metrics.publishStoredMetrics();
  return report;
}
