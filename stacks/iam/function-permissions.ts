import type { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { FunctionKey } from '../../handlers/lib/names';
import { PREFIXES, TABLE_KEYS } from '../../handlers/lib/names';
import { ALERT_RECORD_KEY_PREFIX } from '../../handlers/lib/tracking/alert-records';
import type { PolicyStatement } from './policy-document';

/** The stack's resources the functions are granted access to. */
export interface PermissionTargets {
  readonly buckets: Readonly<Record<'raw' | 'curated' | 'quarantine' | 'artifacts', S3Bucket>>;
  readonly ingestQueue: SqsQueue;
  readonly manifestQueue: SqsQueue;
  readonly ingestDlq: SqsQueue;
  readonly manifestDlq: SqsQueue;
  readonly tables: Readonly<Record<'files' | 'locks' | 'metrics', DynamodbTable>>;
  readonly alertsTopic: SnsTopic;
  /** The maintenance function's Athena workgroup and the curated tables' Glue database. */
  readonly athenaWorkgroup: string;
  readonly icebergNamespace: string;
  /** The curated tables' Glue catalog entries; absent in local mode (the REST catalog). */
  readonly glue?: GlueTargets;
}

/** ARNs of the Glue Data Catalog entries of the curated Iceberg tables. */
export interface GlueTargets {
  /** `arn:<partition>:glue:<region>:<account>:catalog`, the account's default catalog. */
  readonly catalogArn: string;
  readonly databaseArn: string;
  /** One table per source contract. */
  readonly tableArns: readonly string[];
}

const CONSUME = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
];
const ITEM_RW = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'];
/** Tracking reads items in batches (BatchGetItem) and writes them in transactions. */
const TRACKING = [...ITEM_RW, 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'];
/** Reading a notified object version: HEAD/GET with a VersionId needs GetObjectVersion. */
const READ_OBJECT = ['s3:GetObject', 's3:GetObjectVersion'];

const objects = (bucket: S3Bucket, prefix: string): string => `${bucket.arn}/${prefix}*`;

/** ListBucket on a bucket, limited to keys under `prefix`. */
const listUnder = (sid: string, bucket: S3Bucket, prefix: string): PolicyStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Action: ['s3:ListBucket'],
  Resource: [bucket.arn],
  Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } },
});

const allow = (sid: string, actions: string[], resources: string[]): PolicyStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Action: actions,
  Resource: resources,
});

/**
 * What the transform's DuckDB session (iceberg extension, `ENDPOINT_TYPE glue`) calls on
 * Glue's Iceberg REST endpoint, each REST operation with the IAM action the AWS Glue guide
 * ("AWS Glue REST APIs for Apache Iceberg specifications") maps it to:
 * - GetConfig (on ATTACH): glue:GetCatalog;
 * - ListNamespaces (ATTACH loads the schemas; without it DuckDB silently sees none,
 *   duckdb-iceberg#802): glue:GetDatabases; LoadNamespaceMetadata: glue:GetDatabase;
 * - ListTables, then TableExists and LoadTable of the table it reads and writes
 *   (duckdb-iceberg#810): glue:GetTables, glue:GetTable;
 * - UpdateTable, the commit of a manifest's snapshot: glue:UpdateTable.
 * Glue authorizes a table action on the catalog, the database and the table ARNs, so each
 * names all three. No glue:CreateTable (Terraform creates the tables) and no
 * lakeformation:GetDataAccess: that serves credential vending for locations registered with
 * Lake Formation, and the tables' location is not (the S3 secret uses the role's own
 * credentials, which the ReplaceCuratedTables statement below authorizes).
 */
function glueCatalogStatements(glue: GlueTargets): PolicyStatement[] {
  const database = [glue.catalogArn, glue.databaseArn];
  return [
    allow('IcebergCatalogConfig', ['glue:GetCatalog'], [glue.catalogArn]),
    allow('IcebergNamespace', ['glue:GetDatabase', 'glue:GetDatabases'], database),
    allow(
      'IcebergTables',
      ['glue:GetTables', 'glue:GetTable', 'glue:UpdateTable'],
      [...database, ...glue.tableArns],
    ),
  ];
}

/**
 * Least-privilege statements of each function: explicit actions on this stack's ARNs and key
 * prefixes only. Raw data is read-only for everyone; only the transform writes curated data.
 */
export function functionPermissions(
  fn: FunctionKey,
  t: PermissionTargets,
): readonly PolicyStatement[] {
  const filesIndex = `${t.tables.files.arn}/index/${TABLE_KEYS.files.pendingByDateIndex}`;
  switch (fn) {
    case 'manifestBuilder':
      return [
        allow('ConsumeIngestQueue', CONSUME, [t.ingestQueue.arn]),
        allow('EnqueueManifests', ['sqs:SendMessage'], [t.manifestQueue.arn]),
        allow('ReadRaw', READ_OBJECT, [objects(t.buckets.raw, PREFIXES.raw)]),
        // Without ListBucket, HEAD of a deleted object answers 403 instead of 404, and the
        // builder could not tell "deleted before it was read" (quarantined) from a real error.
        listUnder('ListRaw', t.buckets.raw, PREFIXES.raw),
        // Notifications without a version id: the notified version is found by its ETag.
        {
          ...allow('ListRawVersions', ['s3:ListBucketVersions'], [t.buckets.raw.arn]),
          Condition: { StringLike: { 's3:prefix': [`${PREFIXES.raw}*`] } },
        },
        allow(
          'Quarantine',
          ['s3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload'],
          [`${t.buckets.quarantine.arn}/*`],
        ),
        allow(
          'WriteManifests',
          ['s3:GetObject', 's3:PutObject'],
          [objects(t.buckets.artifacts, PREFIXES.manifests)],
        ),
        // DeleteItem: a manifest that cannot claim its files is abandoned (its record removed).
        allow('TrackFiles', [...TRACKING, 'dynamodb:DeleteItem'], [t.tables.files.arn, filesIndex]),
        allow('DateLocks', [...ITEM_RW, 'dynamodb:DeleteItem'], [t.tables.locks.arn]),
      ];
    case 'transform':
      return [
        allow('ConsumeManifestQueue', CONSUME, [t.manifestQueue.arn]),
        allow('ReadRaw', READ_OBJECT, [objects(t.buckets.raw, PREFIXES.raw)]),
        allow(
          'ReadManifests',
          ['s3:GetObject'],
          [objects(t.buckets.artifacts, PREFIXES.manifests)],
        ),
        allow(
          'WriteMetricsAndRejects',
          ['s3:PutObject'],
          [
            objects(t.buckets.artifacts, PREFIXES.metrics),
            objects(t.buckets.artifacts, PREFIXES.rejects),
          ],
        ),
        // The Parquet prefix stays until the transform writes only the Iceberg tables below.
        listUnder('ListCurated', t.buckets.curated, PREFIXES.curated),
        allow(
          'ReplaceCuratedPartitions',
          ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
          [objects(t.buckets.curated, PREFIXES.curated)],
        ),
        // The optional Avro copy lives beside, not under, the Parquet prefix (the Glue table reads
        // everything under it); a rebuild lists and retires the old generation's Avro too.
        listUnder('ListCuratedAvro', t.buckets.curated, PREFIXES.curatedAvro),
        allow(
          'ReplaceCuratedAvroPartitions',
          ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
          [objects(t.buckets.curated, PREFIXES.curatedAvro)],
        ),
        // The curated Iceberg tables: data and metadata files under tables/<source>/. DuckDB
        // reads the current metadata and manifests and writes new data, delete and metadata
        // files (multipart for large ones); DeleteObject lets a failed write's uncommitted files
        // be removed (the orphan-file optimizer removes any left behind).
        listUnder('ListCuratedTables', t.buckets.curated, PREFIXES.tables),
        allow(
          'ReplaceCuratedTables',
          ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
          [objects(t.buckets.curated, PREFIXES.tables)],
        ),
        ...(t.glue ? glueCatalogStatements(t.glue) : []),
        allow('UpdateFileStatus', TRACKING, [t.tables.files.arn, filesIndex]),
        // Run metrics, and the commit ledger and DQ acceptances beside them (read per date: Query).
        allow('RecordMetrics', ITEM_RW, [t.tables.metrics.arn]),
        // Commits to one curated table are serialized by a lock item with expiry.
        allow('TableCommitLocks', [...ITEM_RW, 'dynamodb:DeleteItem'], [t.tables.locks.arn]),
        allow('Alert', ['sns:Publish'], [t.alertsTopic.arn]),
      ];
    case 'sensor':
      return [
        listUnder('ListRaw', t.buckets.raw, PREFIXES.raw),
        allow(
          'ReadFileStatus',
          ['dynamodb:Query', 'dynamodb:GetItem'],
          [t.tables.files.arn, filesIndex],
        ),
        allow('Alert', ['sns:Publish'], [t.alertsTopic.arn]),
        // Alert-once records live in the files table under their own key prefix; the sensor
        // may write those items and no others (no file or manifest item).
        {
          ...allow(
            'RecordAlerts',
            ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
            [t.tables.files.arn],
          ),
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ALERT_RECORD_KEY_PREFIX}*`] },
          },
        },
        allow('DlqDepth', ['sqs:GetQueueAttributes'], [t.ingestDlq.arn, t.manifestDlq.arn]),
      ];
    case 'maintenance':
      return [
        // OPTIMIZE and VACUUM run in the deployment's workgroup, results under athena-results/.
        allow(
          'RunMaintenanceQueries',
          [
            'athena:StartQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:StopQueryExecution',
          ],
          [`arn:aws:athena:*:*:workgroup/${t.athenaWorkgroup}`],
        ),
        allow(
          'UpdateCuratedTables',
          ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:UpdateTable'],
          [
            'arn:aws:glue:*:*:catalog',
            `arn:aws:glue:*:*:database/${t.icebergNamespace}`,
            `arn:aws:glue:*:*:table/${t.icebergNamespace}/*`,
          ],
        ),
        // Rewritten data files are written and the expired and orphan ones deleted (tables/ only).
        listUnder('ListTables', t.buckets.curated, PREFIXES.tables),
        allow(
          'RewriteTableFiles',
          ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
          [objects(t.buckets.curated, PREFIXES.tables)],
        ),
        allow('GetCuratedBucketLocation', ['s3:GetBucketLocation'], [t.buckets.curated.arn]),
        allow(
          'QueryResults',
          ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
          [objects(t.buckets.artifacts, PREFIXES.athenaResults)],
        ),
        allow('GetArtifactsBucketLocation', ['s3:GetBucketLocation'], [t.buckets.artifacts.arn]),
        listUnder('ListQueryResults', t.buckets.artifacts, PREFIXES.athenaResults),
        // The commit ledger: what the date had (Query) and the compaction's record (PutItem).
        allow(
          'CommitLedger',
          ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem'],
          [t.tables.metrics.arn],
        ),
      ];
  }
}
