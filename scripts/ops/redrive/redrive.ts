import type { SQSClient } from '@aws-sdk/client-sqs';
import { moveManually, type ManualMoveHooks } from './manual-move';
import { MoveTaskUnsupportedError, moveWithTask } from './move-task';
import type { QueuePair } from './queues';

/** How messages are moved: SQS's move task, receive/send/delete, or the first that works. */
export const REDRIVE_METHODS = ['auto', 'move-task', 'receive-send'] as const;
export type RedriveMethod = (typeof REDRIVE_METHODS)[number];

/** What a redrive did. */
export interface RedriveResult {
  readonly method: Exclude<RedriveMethod, 'auto'>;
  readonly moved: number;
  readonly failed: number;
}

/**
 * Moves the DLQ's messages back to the source queue after a fix. `auto` uses SQS's
 * StartMessageMoveTask where the target has it (AWS, LocalStack) and falls back to
 * receive/send/delete where it does not (moto); `limit` caps the fallback at the count the
 * operator confirmed.
 */
export async function redrive(
  sqs: SQSClient,
  q: QueuePair,
  options: {
    method: RedriveMethod;
    limit: number;
    hooks?: ManualMoveHooks;
    onMoved?: (count: number) => void;
  },
): Promise<RedriveResult> {
  if (options.method !== 'receive-send') {
    try {
      const moved = await moveWithTask(sqs, q);
      options.onMoved?.(moved);
      return { method: 'move-task', moved, failed: 0 };
    } catch (err) {
      if (!(err instanceof MoveTaskUnsupportedError) || options.method === 'move-task') throw err;
    }
  }
  const result = await moveManually(sqs, q, options.limit, {
    hooks: options.hooks,
    onMoved: options.onMoved,
  });
  return { method: 'receive-send', ...result };
}
