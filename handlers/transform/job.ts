import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceContractInput } from '../lib/contract/contract';
import type { ManifestFile } from '../lib/manifest/manifest-document';
import type { TransformConfig } from './config';
import type { ManifestStatusStore } from './status-store';

/** One unit of transform work: a manifest, or a rebuild of a whole date. */
export interface TransformJob {
  readonly kind: 'manifest' | 'rebuild';
  /** The manifest id, or the rebuild's generation id: names the outputs of the run. */
  readonly runId: string;
  readonly ingestionDate: string;
  readonly source: string;
  readonly files: readonly ManifestFile[];
  /** Stamped as `_ingested_at`; fixed per job so reruns write identical rows. */
  readonly ingestedAt: string;
  /** Curated object key the run writes (curated bucket). */
  readonly curatedKey: string;
}

/**
 * Seams for fault injection: each hook runs at one step of the run and may throw to simulate a
 * crash there, so tests prove that a retry converges without patching SDK internals.
 */
export interface TransformHooks {
  /** After the raw files are staged in DuckDB, before anything is written. */
  readonly afterStaging?: (runId: string) => Promise<void>;
  /** After the curated object is complete, before the run is recorded anywhere. */
  readonly afterCuratedUpload?: (job: TransformJob, key: string) => Promise<void>;
}

/** Everything the transform core uses, injected so Lambda, the CLI and tests share it. */
export interface TransformDeps {
  readonly s3: S3Client;
  readonly ddb: DynamoDBDocumentClient;
  readonly sns: SNSClient;
  readonly config: TransformConfig;
  readonly store: ManifestStatusStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly hooks?: TransformHooks;
  readonly now?: () => Date;
  /** Contracts to choose from (default: the configured ones). */
  readonly contracts?: readonly SourceContractInput[];
}
