import type { SQSEvent } from 'aws-lambda';
import { FUNCTIONS } from '../../../handlers/lib/names';
import type { InvocationRecord } from '../../local/runtime/invocation';

/** One line per invocation, for `pipeline run`'s log. */
export function invocationLine(r: InvocationRecord): string {
  const what =
    r.trigger === 'sqs'
      ? `${(r.event as SQSEvent).Records.length} message(s)`
      : `schedule ${JSON.stringify(r.event)}`;
  const result =
    r.outcome.kind === 'ok'
      ? r.failed.length > 0
        ? `partial: ${r.failed.length} failed, returned to the queue`
        : 'ok'
      : r.outcome.kind === 'timeout'
        ? `TIMEOUT after ${r.outcome.timeoutMs} ms, returned to the queue`
        : `ERROR ${r.outcome.error.name}: ${r.outcome.error.message}`;
  return `${FUNCTIONS[r.functionKey]} <- ${what}: ${result} (${r.durationMs} ms)`;
}
