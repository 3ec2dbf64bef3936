import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BuilderReport } from './report';

/** EMF metric name of each count of the report. */
export const METRIC_NAMES: Readonly<Record<keyof BuilderReport, string>> = {
  filesTracked: 'FilesTracked',
  duplicates: 'DuplicateNotifications',
  quarantined: 'FilesQuarantined',
  manifestsEmitted: 'ManifestsEmitted',
  manifestsRedriven: 'ManifestsRedriven',
  lockContention: 'LockContention',
  testEvents: 'S3TestEvents',
  invalidNotifications: 'InvalidNotifications',
  ignoredRecords: 'IgnoredRecords',
};

/** Emits one invocation's counts as EMF (one log line; CloudWatch turns it into metrics). */
export function publishReport(metrics: Metrics, report: BuilderReport): void {
  for (const [key, name] of Object.entries(METRIC_NAMES) as [keyof BuilderReport, string][]) {
    metrics.addMetric(name, MetricUnit.Count, report[key]);
  }
  metrics.publishStoredMetrics();
}
