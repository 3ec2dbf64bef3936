import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceContractInput } from '../lib/contract/contract';
import type { CatalogAccess } from '../lib/iceberg/catalog-session';
import type { ManifestFile } from '../lib/manifest/manifest-document';
import type { LocksTable } from '../lib/tracking/date-lock';
import type { CommitHooks } from './commit/commit-run';
import type { TransformConfig } from './config';
import type { ManifestStatusStore } from './status-store';

/** A raw file of a job, with the manifest whose id its rows carry as lineage. */
export type JobFile = ManifestFile & { readonly manifestId: string };

/** One unit of transform work: a manifest (merged into its date), or a rebuild (replaces it). */
export interface TransformJob {
  readonly kind: 'manifest' | 'rebuild';
  /** The manifest id, or the rebuild's id: names the run's commit, rejects and metrics. */
  readonly runId: string;
  readonly ingestionDate: string;
  readonly source: string;
  readonly files: readonly JobFile[];
  /** Stamped as `_ingested_at`; fixed per job so reruns write identical rows. */
  readonly ingestedAt: string;
}

/**
 * Seams for fault injection: each hook runs at one step of the run and may throw to simulate a
 * crash there, so tests prove that a retry converges without patching SDK internals.
 */
export interface TransformHooks extends CommitHooks {
  /** After the raw files are staged in DuckDB, before anything is written. */
  readonly afterStaging?: (runId: string) => Promise<void>;
}

/** Everything the transform core uses, injected so Lambda, the CLI and tests share it. */
export interface TransformDeps {
  readonly s3: S3Client;
  readonly ddb: DynamoDBDocumentClient;
  readonly sns: SNSClient;
  readonly config: TransformConfig;
  readonly store: ManifestStatusStore;
  /** The curated tables' catalog, and the extensions to reach it. */
  readonly catalog: CatalogAccess;
  /** Where the per-table commit lock lives. */
  readonly locks: LocksTable;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly hooks?: TransformHooks;
  readonly now?: () => Date;
  /** Contracts to choose from (default: the configured ones). */
  readonly contracts?: readonly SourceContractInput[];
}
