import type { Logger } from '@aws-lambda-powertools/logger';
import type { AwsClients } from '../lib/aws/clients';
import type { FilesTable } from '../lib/tracking/file-repository';
import type { SensorConfig } from './config';

/**
 * Seams where tests inject faults between the steps of alerting once (throw to simulate a
 * crash or a failed publish at that point). Production passes none.
 */
export interface SensorHooks {
  /** The alert is claimed (PENDING); nothing published yet. A throw here is a crash. */
  afterClaim?(scope: string): Promise<void> | void;
  /** Just before publishing; a throw here is a failed publish (the claim is given back). */
  beforePublish?(scope: string): Promise<void> | void;
  /** Published; the record is not yet SENT. A throw here is a crash. */
  afterPublish?(scope: string): Promise<void> | void;
}

/** Everything the sensor core needs, built once by the handler (or a test, the CLI). */
export interface SensorDeps {
  readonly clients: Pick<AwsClients, 's3' | 'sqs' | 'sns' | 'ddb'>;
  readonly config: SensorConfig;
  readonly logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  readonly hooks?: SensorHooks;
  /** Clock; tests move it to other dates or past a claim's lease. */
  readonly now?: () => Date;
}

/**
 * How long a claimed alert stays reserved for the run that claimed it: Lambda's longest
 * duration, so a claim is only taken over when its owner cannot be running any more.
 */
export const ALERT_CLAIM_LEASE_SECONDS = 900;

/** How long alert records are kept: longer than any lookback, so a date alerts once. */
export const ALERT_RECORD_RETENTION_SECONDS = 90 * 86_400;

export const clock = (d: SensorDeps): Date => (d.now ? d.now() : new Date());
export const filesTable = (d: SensorDeps): FilesTable => ({
  ddb: d.clients.ddb,
  table: d.config.filesTable,
});
