import type { AwsClients } from '../../../handlers/lib/aws/clients';
import { PipelineError } from '../../../handlers/lib/errors/pipeline-error';
import type { ResourceNames } from '../../../handlers/lib/names';
import type { FilesTable } from '../../../handlers/lib/tracking/file-repository';

/** Seams for fault-injection tests (throw to simulate a crash at that point). */
export interface ReleaseHooks {
  /** The fixed object is back in raw; the release is not yet recorded. */
  afterResubmit?(key: string): Promise<void> | void;
}

/** What the quarantine tools need: clients, the deployment's bucket and table names. */
export interface QuarantineDeps {
  readonly clients: Pick<AwsClients, 's3' | 'ddb'>;
  readonly rawBucket: string;
  readonly quarantineBucket: string;
  readonly filesTable: string;
  readonly now?: () => Date;
  readonly hooks?: ReleaseHooks;
}

/** Dependencies for one deployment's names. */
export const quarantineDeps = (
  clients: Pick<AwsClients, 's3' | 'ddb'>,
  names: ResourceNames,
): QuarantineDeps => ({
  clients,
  rawBucket: names.buckets.raw,
  quarantineBucket: names.buckets.quarantine,
  filesTable: names.tables.files,
});

export const filesTableOf = (d: QuarantineDeps): FilesTable => ({
  ddb: d.clients.ddb,
  table: d.filesTable,
});
export const clockOf = (d: QuarantineDeps): Date => (d.now ? d.now() : new Date());

/** A release that cannot be done as asked; the message says why and what to do. */
export class ReleaseRefusedError extends PipelineError {}
