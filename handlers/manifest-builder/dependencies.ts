import type { Logger } from '@aws-lambda-powertools/logger';
import type { AwsClients } from '../lib/aws/clients';
import type { FilesTable } from '../lib/tracking/file-repository';
import type { LocksTable } from '../lib/tracking/date-lock';
import type { BuilderConfig } from './config';

/**
 * Seams where tests inject faults between the steps of emitting a manifest (throw to simulate
 * a crash at that point). Production passes none.
 */
export interface BuilderHooks {
  /** The manifest record exists and every file is claimed; no document yet. */
  afterManifestRecorded?(manifestId: string): Promise<void> | void;
  /** The manifest document is written; no message sent yet. */
  afterDocumentWritten?(manifestId: string): Promise<void> | void;
  /** The message is sent; the record is not yet QUEUED. */
  afterMessageSent?(manifestId: string): Promise<void> | void;
}

/** How long to wait for a date lock held by another invocation. */
export interface LockWait {
  readonly attempts: number;
  readonly baseDelayMs: number;
}

/** Everything the core needs, built once by the handler (or a test, the CLI, the runtime). */
export interface BuilderDeps {
  readonly clients: Pick<AwsClients, 's3' | 'sqs' | 'ddb'>;
  readonly config: BuilderConfig;
  readonly logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  readonly hooks?: BuilderHooks;
  /** Clock; tests move it to age pending files or expire locks. */
  readonly now?: () => Date;
  /** Lock owner id; unique per invocation by default. */
  readonly owner?: string;
  readonly lockWait?: LockWait;
}

export const DEFAULT_LOCK_WAIT: LockWait = { attempts: 8, baseDelayMs: 100 };

export const filesTable = (d: BuilderDeps): FilesTable => ({
  ddb: d.clients.ddb,
  table: d.config.filesTable,
});
export const locksTable = (d: BuilderDeps): LocksTable => ({
  ddb: d.clients.ddb,
  table: d.config.locksTable,
});
export const clock = (d: BuilderDeps): Date => (d.now ? d.now() : new Date());
