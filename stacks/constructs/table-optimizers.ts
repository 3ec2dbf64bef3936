import type { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { GlueCatalogTableOptimizer } from '@cdktf/provider-aws/lib/glue-catalog-table-optimizer';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import type { ResourceNames } from '../../handlers/lib/names';
import type { EnvConfig } from '../config/schema';
import { assumeRolePolicy, policyDocument } from '../iam/policy-document';
import type { TableOptimizerTargets } from '../iam/table-optimizer-permissions';
import { tableOptimizerPermissions } from '../iam/table-optimizer-permissions';

/** The tables to maintain and what the optimizers' role reaches. */
export interface TableOptimizersProps extends TableOptimizerTargets {
  readonly accountId: string;
  /** The tables to maintain, by source. */
  readonly tables: ReadonlyMap<string, GlueCatalogTable>;
}

/**
 * Glue's managed maintenance of every curated Iceberg table, from `catalog.optimizers` of the
 * stack config: compaction (bin-pack of small data files; each manifest commits a few), snapshot
 * retention (expiry of old snapshots and of the files only they referenced) and orphan-file
 * deletion (files no snapshot references, e.g. of a write that never committed). All three
 * assume one role, which trusts only Glue on behalf of this account.
 */
export class TableOptimizers extends Construct {
  readonly role: IamRole;

  constructor(
    scope: Construct,
    id: string,
    names: ResourceNames,
    config: EnvConfig,
    props: TableOptimizersProps,
  ) {
    super(scope, id);
    const settings = config.catalog.optimizers;
    this.role = new IamRole(this, 'role', {
      name: names.glue.tableOptimizerRole,
      description: `Glue table optimizers of the curated Iceberg tables of ${names.prefix} (${names.env})`,
      assumeRolePolicy: assumeRolePolicy('glue.amazonaws.com', props.accountId),
    });
    const policy = new IamRolePolicy(this, 'policy', {
      name: names.glue.tableOptimizerPolicy,
      role: this.role.id,
      policy: policyDocument(tableOptimizerPermissions(props)),
    });
    for (const [source, table] of props.tables) {
      const optimizer = (
        type: 'compaction' | 'retention' | 'orphan_file_deletion',
        extra: object,
      ): GlueCatalogTableOptimizer =>
        new GlueCatalogTableOptimizer(this, `${source}-${type}`, {
          catalogId: props.accountId,
          databaseName: table.databaseName,
          tableName: table.name,
          type,
          configuration: [{ enabled: true, roleArn: this.role.arn, ...extra }],
          // The role must hold its permissions before Glue validates it.
          dependsOn: [policy],
        });
      if (settings.compaction) optimizer('compaction', {});
      optimizer('retention', {
        retentionConfiguration: [
          {
            icebergConfiguration: [
              {
                snapshotRetentionPeriodInDays: settings.snapshotRetentionDays,
                numberOfSnapshotsToRetain: settings.snapshotsToRetain,
                cleanExpiredFiles: true,
                runRateInHours: settings.runRateHours,
              },
            ],
          },
        ],
      });
      optimizer('orphan_file_deletion', {
        orphanFileDeletionConfiguration: [
          {
            icebergConfiguration: [
              {
                orphanFileRetentionPeriodInDays: settings.orphanFileRetentionDays,
                runRateInHours: settings.runRateHours,
              },
            ],
          },
        ],
      });
    }
  }
}
