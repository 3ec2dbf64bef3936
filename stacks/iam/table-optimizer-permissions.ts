import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { PREFIXES } from '../../handlers/lib/names';
import type { GlueTargets } from './function-permissions';
import type { PolicyStatement } from './policy-document';

/** Log groups the Glue table optimizers write their run logs to (fixed by Glue). */
export const TABLE_OPTIMIZER_LOG_GROUPS = [
  '/aws-glue/iceberg-compaction/logs',
  '/aws-glue/iceberg-retention/logs',
  '/aws-glue/iceberg-orphan-file-deletion/logs',
] as const;

/** What the optimizer role reaches: the curated tables' catalog entries and their files. */
export interface TableOptimizerTargets {
  readonly curated: S3Bucket;
  readonly glue: GlueTargets;
  /** `arn:<partition>:logs:<region>:<account>:log-group:` (the optimizers' log groups follow). */
  readonly logGroupArnPrefix: string;
}

/**
 * Statements of the role the Glue table optimizers assume, per "Table optimization
 * prerequisites" of the AWS Glue guide, narrowed to this stack: read, write and delete the
 * tables' files under `tables/` of the curated bucket (compaction rewrites data files, snapshot
 * retention and orphan-file deletion delete them), read and commit the tables in the Glue
 * catalog (a compaction or an expiry is an Iceberg commit), and write the run logs. Lake
 * Formation is not involved: the tables' location is not registered with it, so S3 and Glue
 * access is decided by IAM alone.
 */
export function tableOptimizerPermissions(t: TableOptimizerTargets): readonly PolicyStatement[] {
  const { glue } = t;
  const catalogEntries = [glue.catalogArn, glue.databaseArn, ...glue.tableArns];
  return [
    {
      Sid: 'TableFiles',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: [`${t.curated.arn}/${PREFIXES.tables}*`],
    },
    {
      Sid: 'ListTableFiles',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [t.curated.arn],
      Condition: { StringLike: { 's3:prefix': [`${PREFIXES.tables}*`] } },
    },
    {
      Sid: 'CommitTables',
      Effect: 'Allow',
      Action: ['glue:GetTable', 'glue:UpdateTable'],
      Resource: catalogEntries,
    },
    {
      Sid: 'RunLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: TABLE_OPTIMIZER_LOG_GROUPS.map((group) => `${t.logGroupArnPrefix}${group}:*`),
    },
  ];
}
