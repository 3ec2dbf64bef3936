import { NotImplementedError } from '../lib/errors/not-implemented-error';
import type { SCHEDULED_INPUTS } from '../lib/names';
import { FUNCTIONS } from '../lib/names';

/** Input of the scheduled sensor run. */
export type SensorInput = typeof SCHEDULED_INPUTS.sensor;

/**
 * Lambda entry of the missing-data sensor, run on a schedule. Not implemented yet; throwing
 * makes the Lambda error alarm fire instead of reporting "no missing data".
 */
export function handler(event: SensorInput): Promise<void> {
  return Promise.reject(
    new NotImplementedError(`${FUNCTIONS.sensor} is not implemented yet`, {
      context: { input: event.action },
    }),
  );
}
