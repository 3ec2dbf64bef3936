import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * CloudWatch metrics as EMF log lines (Powertools Metrics): on Lambda CloudWatch turns them
 * into metrics with no API call; locally they are plain JSON lines in the output.
 */
export function createMetrics(namespace: string, serviceName: string): Metrics {
  return new Metrics({ namespace, serviceName });
}
