import { Logger } from '@aws-lambda-powertools/logger';
import type { LOG_LEVELS } from '../config/pipeline-settings';

/**
 * Structured JSON logs for one function (Powertools Logger): the same shape on Lambda, in the
 * local runtime and in tests, so log queries written against one work on the others.
 */
export function createLogger(serviceName: string, logLevel: (typeof LOG_LEVELS)[number]): Logger {
  return new Logger({ serviceName, logLevel });
}
