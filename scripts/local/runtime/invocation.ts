import type { FunctionKey } from '../../../handlers/lib/names';
import type { InvokeOutcome } from './function-worker';

/** One invocation the local runtime made, reported to observers (CLI progress, tests). */
export interface InvocationRecord {
  readonly functionKey: FunctionKey;
  readonly trigger: 'sqs' | 'schedule';
  readonly event: unknown;
  readonly outcome: InvokeOutcome;
  readonly durationMs: number;
  /** SQS triggers: ids of messages deleted (succeeded) and left for retry (failed). */
  readonly deleted: readonly string[];
  readonly failed: readonly string[];
}
