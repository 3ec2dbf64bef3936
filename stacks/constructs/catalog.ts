import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import { GLUE_TYPES } from '../../handlers/lib/contract/column-types';
import { currentContracts } from '../../handlers/lib/contract/contracts';
import type { SourceContract } from '../../handlers/lib/contract/contract';
import { curatedColumns } from '../../handlers/lib/iceberg/curated-schema';
import type { ResourceNames } from '../../handlers/lib/names';
import { curatedTableRef, PREFIXES } from '../../handlers/lib/names';
import type { EnvConfig } from '../config/schema';
import type { GlueTargets } from '../iam/function-permissions';
import { TableOptimizers } from './table-optimizers';

/** Buckets the catalog points at, and the account whose Data Catalog holds the tables. */
export interface CatalogProps {
  readonly curated: S3Bucket;
  readonly artifacts: S3Bucket;
  readonly accountId: string;
  readonly region: string;
}

/** The contract applied to each configured source (its newest version), in source order. */
export const catalogContracts = (): SourceContract[] => currentContracts();

/**
 * The Glue database, one Apache Iceberg (format v2) table per source contract, Glue's table
 * optimizers, and an Athena workgroup to query them (Athena reads Glue Iceberg tables natively).
 *
 * Terraform creates each table with Glue's `CreateTable` `OpenTableFormatInput.IcebergInput`
 * (`metadata_operation = "CREATE"`): Glue writes the first metadata file under the table's
 * location, with the schema from the declared columns, and sets `table_type = ICEBERG` and
 * `metadata_location`. From then on the table belongs to Iceberg: every transform commit
 * replaces `metadata_location` and may evolve the schema, and Glue's `UpdateTable` through
 * Terraform would only rewrite the Glue entry, never the Iceberg metadata (terraform-provider-aws
 * #36641; #33370 once dropped `metadata_location` on update, breaking the table), so Terraform
 * ignores later changes of the parameters and the storage descriptor.
 *
 * No partition spec: provider 6.25.0 has no way to send one (`iceberg_input` takes only
 * `metadata_operation` and `version`; the `iceberg_table_input.partition_spec` block came with
 * terraform-provider-aws #46843, after it), and Glue refuses `partition_keys` on an Iceberg
 * table ("Cannot create partitions in an iceberg table", #36531). The identity spec on
 * `ingestion_date` is the writer's to add before its first write: DuckDB 1.5.5's
 * `ALTER TABLE lake.<namespace>.<table> SET PARTITIONED BY (ingestion_date)` commits it
 * (`add-spec` and `set-default-spec`, glue:UpdateTable), after which its inserts land in
 * `data/ingestion_date=<date>/` (checked on the embedded REST catalog).
 */
export class PipelineCatalog extends Construct {
  readonly database: GlueCatalogDatabase;
  /** One table per source, by source. */
  readonly tables: ReadonlyMap<string, GlueCatalogTable>;
  readonly workgroup: AthenaWorkgroup;
  /** ARNs the transform's and the optimizers' permissions name. */
  readonly arns: GlueTargets;

  constructor(
    scope: Construct,
    id: string,
    names: ResourceNames,
    config: EnvConfig,
    props: CatalogProps,
  ) {
    super(scope, id);
    this.database = new GlueCatalogDatabase(this, 'database', {
      name: names.glue.database,
      description: `Curated data of ${names.prefix} (${names.env})`,
    });
    const tables = new Map<string, GlueCatalogTable>();
    for (const contract of catalogContracts()) {
      const ref = curatedTableRef(names, contract.source);
      tables.set(
        contract.source,
        new GlueCatalogTable(this, `table-${contract.source}`, {
          databaseName: this.database.name,
          name: ref.table,
          description: `Curated rows of source ${contract.source} (Apache Iceberg, format v2)`,
          tableType: 'EXTERNAL_TABLE',
          openTableFormatInput: { icebergInput: { metadataOperation: 'CREATE', version: '2' } },
          storageDescriptor: {
            location: ref.location,
            columns: curatedColumns(contract).map((c) => ({
              name: c.name,
              type: GLUE_TYPES[c.contractType],
              comment: c.doc,
            })),
          },
          lifecycle: { ignoreChanges: ['parameters', 'storage_descriptor'] },
          // Glue writes the first metadata file into the bucket while creating the table.
          dependsOn: [props.curated],
        }),
      );
    }
    this.tables = tables;
    const partition = new DataAwsPartition(this, 'partition').partition;
    this.arns = {
      catalogArn: `arn:${partition}:glue:${props.region}:${props.accountId}:catalog`,
      databaseArn: this.database.arn,
      tableArns: [...tables.values()].map((t) => t.arn),
    };
    new TableOptimizers(this, 'optimizers', names, config, {
      curated: props.curated,
      glue: this.arns,
      accountId: props.accountId,
      logGroupArnPrefix: `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:`,
      tables,
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
