import {
  ListMessageMoveTasksCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { PipelineError } from '../../../handlers/lib/errors/pipeline-error';
import type { QueuePair } from './queues';

/** The target does not implement SQS's message move tasks (e.g. moto). */
export class MoveTaskUnsupportedError extends PipelineError {}

/** A move task ended other than COMPLETED. */
export class MoveTaskFailedError extends PipelineError {}

const UNSUPPORTED = new Set([
  'UnsupportedOperation',
  'InvalidAction',
  'UnknownOperationException',
  'NotImplemented',
]);

/**
 * True for the ways an emulator says it lacks an API: an error code for it, HTTP 501, or a
 * response that is not SQS JSON at all (moto answers unknown actions with an HTML page).
 */
export function isUnsupported(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    UNSUPPORTED.has(e.name ?? '') || e.$metadata?.httpStatusCode === 501 || e.name === 'SyntaxError'
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Moves every message of the DLQ back to its source queue with SQS's own move task (server
 * side, each message once) and waits for it to finish. Returns how many messages it moved.
 */
export async function moveWithTask(
  sqs: SQSClient,
  q: QueuePair,
  options: { pollMs?: number; timeoutMs?: number } = {},
): Promise<number> {
  let handle: string | undefined;
  try {
    handle = (
      await sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: q.dlq.arn, DestinationArn: q.source.arn }),
      )
    ).TaskHandle;
  } catch (err) {
    if (isUnsupported(err)) {
      throw new MoveTaskUnsupportedError('the target does not support StartMessageMoveTask', {
        cause: err,
      });
    }
    throw err;
  }
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    const { Results = [] } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: q.dlq.arn, MaxResults: 10 }),
    );
    const task = Results.find((t) => t.TaskHandle === handle) ?? Results[0];
    if (task && task.Status !== 'RUNNING') {
      if (task.Status === 'COMPLETED') return task.ApproximateNumberOfMessagesMoved ?? 0;
      throw new MoveTaskFailedError(
        `move task ${task.Status}: ${task.FailureReason ?? 'no reason given'}`,
        {
          context: { status: task.Status, moved: task.ApproximateNumberOfMessagesMoved },
        },
      );
    }
    if (Date.now() > deadline) {
      throw new MoveTaskFailedError('move task still running after the timeout', {
        context: { handle },
      });
    }
    await sleep(options.pollMs ?? 1_000);
  }
}
