import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import type { ResourceNames } from '../../handlers/lib/names';
import { TABLE_KEYS } from '../../handlers/lib/names';

/** Table settings that differ between environments. */
export interface PipelineTablesProps {
  readonly names: ResourceNames;
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
}

/**
 * The pipeline's DynamoDB tables: file tracking, date locks and data-quality metrics. All are
 * on-demand (traffic follows file arrival, which is bursty), encrypted, with TTL on
 * `expires_at` so old tracking items, stale locks and old metrics disappear by themselves.
 * Key design (see TABLE_KEYS in names.ts): files keyed by S3 object key, with the
 * `pending-by-date` index (`<ingestion_date>#<status>`, `received_at`) the builder queries.
 */
export class PipelineTables extends Construct {
  readonly files: DynamodbTable;
  readonly locks: DynamodbTable;
  readonly metrics: DynamodbTable;

  constructor(scope: Construct, id: string, props: PipelineTablesProps) {
    super(scope, id);
    const common = {
      billingMode: 'PAY_PER_REQUEST',
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: props.pointInTimeRecovery },
      ttl: { attributeName: TABLE_KEYS.ttlAttribute, enabled: true },
      deletionProtectionEnabled: props.deletionProtection,
    };
    const keys = TABLE_KEYS.files;
    this.files = new DynamodbTable(this, 'files', {
      ...common,
      name: props.names.tables.files,
      hashKey: keys.partitionKey,
      attribute: [
        { name: keys.partitionKey, type: 'S' },
        { name: keys.indexPartitionKey, type: 'S' },
        { name: keys.indexSortKey, type: 'S' },
      ],
      globalSecondaryIndex: [
        {
          name: keys.pendingByDateIndex,
          hashKey: keys.indexPartitionKey,
          rangeKey: keys.indexSortKey,
          projectionType: 'ALL',
        },
      ],
    });
    this.locks = new DynamodbTable(this, 'locks', {
      ...common,
      name: props.names.tables.locks,
      hashKey: TABLE_KEYS.locks.partitionKey,
      attribute: [{ name: TABLE_KEYS.locks.partitionKey, type: 'S' }],
    });
    this.metrics = new DynamodbTable(this, 'metrics', {
      ...common,
      name: props.names.tables.metrics,
      hashKey: TABLE_KEYS.metrics.partitionKey,
      rangeKey: TABLE_KEYS.metrics.sortKey,
      attribute: [
        { name: TABLE_KEYS.metrics.partitionKey, type: 'S' },
        { name: TABLE_KEYS.metrics.sortKey, type: 'S' },
      ],
    });
  }
}
