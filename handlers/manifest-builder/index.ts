import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { NotImplementedError } from '../lib/errors/not-implemented-error';
import type { SCHEDULED_INPUTS } from '../lib/names';
import { FUNCTIONS } from '../lib/names';

/** Input of the scheduled flush of partial manifests. */
export type FlushInput = typeof SCHEDULED_INPUTS.flush;

/**
 * Lambda entry of the manifest builder: S3 notifications from the ingest queue, and the
 * scheduled flush. Not implemented yet; throwing keeps messages on the queue (and in the DLQ
 * after maxReceiveCount) instead of losing them.
 */
export function handler(event: SQSEvent | FlushInput): Promise<SQSBatchResponse | undefined> {
  const kind = 'Records' in event ? 'sqs' : event.action;
  return Promise.reject(
    new NotImplementedError(`${FUNCTIONS.manifestBuilder} is not implemented yet`, {
      context: { input: kind },
    }),
  );
}
