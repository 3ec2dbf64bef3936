import { DuckDBInstance } from '@duckdb/node-api';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { NotImplementedError } from '../lib/errors/not-implemented-error';
import { FUNCTIONS } from '../lib/names';

/**
 * Lambda entry of the transform: manifests from the manifest queue, DuckDB inside. Not
 * implemented yet. It already references DuckDB so the bundle needs the native binding, which
 * the stack ships and the synth tests check, before the real transform depends on it.
 */
export function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return Promise.reject(
    new NotImplementedError(`${FUNCTIONS.transform} is not implemented yet`, {
      context: { records: event.Records.length, duckdb: typeof DuckDBInstance.create },
    }),
  );
}
