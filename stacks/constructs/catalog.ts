import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import type { ResourceNames } from '../../handlers/lib/names';
import { PREFIXES } from '../../handlers/lib/names';
import type { EnvConfig } from '../config/schema';
import { EVENTS_COLUMNS, PARTITION_COLUMN } from './events-columns';

/** Buckets the catalog points at. */
export interface CatalogProps {
  readonly curated: S3Bucket;
  readonly artifacts: S3Bucket;
}

/**
 * The Glue database and the curated events table, and an Athena workgroup to query it. The
 * table uses partition projection on `ingestion_date` (a date range computed at query time), so
 * new partitions are queryable as soon as the transform writes them: no crawler, no
 * MSCK REPAIR, no partition API calls from the transform.
 */
export class PipelineCatalog extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly table: GlueCatalogTable;
  readonly workgroup: AthenaWorkgroup;

  constructor(
    scope: Construct,
    id: string,
    names: ResourceNames,
    config: EnvConfig,
    props: CatalogProps,
  ) {
    super(scope, id);
    const location = `s3://${props.curated.bucket}/${PREFIXES.curated}`;
    this.database = new GlueCatalogDatabase(this, 'database', {
      name: names.glue.database,
      description: `Curated data of ${names.prefix} (${names.env})`,
    });
    this.table = new GlueCatalogTable(this, 'events', {
      databaseName: this.database.name,
      name: names.glue.eventsTable,
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        classification: 'parquet',
        EXTERNAL: 'TRUE',
        'parquet.compression': 'ZSTD',
        'projection.enabled': 'true',
        [`projection.${PARTITION_COLUMN}.type`]: 'date',
        [`projection.${PARTITION_COLUMN}.format`]: 'yyyy-MM-dd',
        [`projection.${PARTITION_COLUMN}.range`]: `${config.catalog.projectionStartDate},NOW`,
        [`projection.${PARTITION_COLUMN}.interval`]: '1',
        [`projection.${PARTITION_COLUMN}.interval.unit`]: 'DAYS',
        // "$${...}" is Terraform's escape for a literal "${...}", which Athena fills in.
        'storage.location.template': `${location}${PARTITION_COLUMN}=$\${${PARTITION_COLUMN}}/`,
      },
      partitionKeys: [{ name: PARTITION_COLUMN, type: 'string' }],
      storageDescriptor: {
        location,
        inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        serDeInfo: {
          serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
          parameters: { 'serialization.format': '1' },
        },
        columns: EVENTS_COLUMNS.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
      },
    });
    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: names.athenaWorkgroup,
      forceDestroy: config.forceDestroyBuckets,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        resultConfiguration: {
          outputLocation: `s3://${props.artifacts.bucket}/${PREFIXES.athenaResults}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}
