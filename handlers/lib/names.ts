/**
 * The one place where resource names, key prefixes and handler environment variable names are
 * derived. Stacks, handlers, the local provisioner, the local runtime and the CLI import this
 * module, so a name is never typed twice.
 */
import { z } from 'zod';

/** Deployment environments. One stack class is instantiated once per environment. */
export const ENVIRONMENTS = ['dev', 'prod'] as const;
export type EnvName = (typeof ENVIRONMENTS)[number];

/**
 * A project prefix: lowercase, digits and dashes, so it is valid in every AWS name it is part
 * of (S3 buckets are the strictest: 3-63 chars, no underscores, no uppercase).
 */
export const projectPrefixSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/,
    'must be 3-32 characters of a-z, 0-9 and "-", starting with a letter',
  )
  // Bucket names are `<prefix>-<env>-...`; S3 rejects names starting with these.
  .refine((prefix) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(`${prefix}-`), {
    message: 'must not make bucket names start with xn--, sthree- or amzn-s3-demo- (S3-reserved)',
  });

/** Functions of the pipeline; the key is used in code, the value in resource names. */
export const FUNCTIONS = {
  manifestBuilder: 'manifest-builder',
  transform: 'transform',
  sensor: 'missing-data-sensor',
  /** Scheduled maintenance of the curated tables: compaction, snapshot expiry, orphan files. */
  maintenance: 'maintenance',
} as const;
export type FunctionKey = keyof typeof FUNCTIONS;

/** Key prefixes inside the buckets. Handlers and stacks (notifications, lifecycle) share them. */
export const PREFIXES = {
  raw: 'raw/',
  curated: 'curated/events/',
  /**
   * Optional Avro copy of the curated rows. Deliberately not under `curated`: the Glue table and
   * the query cache read every object under the Parquet prefix.
   */
  curatedAvro: 'curated/events-avro/',
  manifests: 'manifests/',
  metrics: 'metrics/',
  rejects: 'rejects/',
  /** Curated Iceberg tables (data and metadata), one folder per table. */
  tables: 'tables/',
  lambdaCode: 'lambda/',
  athenaResults: 'athena-results/',
} as const;

/** Every named resource of one deployment of the pipeline. */
export interface ResourceNames {
  readonly prefix: string;
  readonly env: EnvName;
  readonly buckets: {
    readonly raw: string;
    readonly curated: string;
    readonly quarantine: string;
    readonly artifacts: string;
  };
  readonly queues: {
    readonly ingest: string;
    readonly ingestDlq: string;
    readonly manifest: string;
    readonly manifestDlq: string;
  };
  readonly tables: {
    readonly files: string;
    readonly locks: string;
    readonly metrics: string;
  };
  readonly topics: { readonly alerts: string };
  readonly functions: Readonly<Record<FunctionKey, string>>;
  readonly roles: Readonly<Record<FunctionKey, string>>;
  /** Inline permission policy of each function's role. */
  readonly rolePolicies: Readonly<Record<FunctionKey, string>>;
  readonly logGroups: Readonly<Record<FunctionKey, string>>;
  readonly rules: {
    readonly sensorSchedule: string;
    readonly flushSchedule: string;
    readonly maintenanceSchedule: string;
  };
  readonly glue: {
    /** The Glue database holding the curated Iceberg tables (their Iceberg namespace). */
    readonly database: string;
    /** Role the Glue table optimizers (compaction, snapshot retention, orphan files) assume. */
    readonly tableOptimizerRole: string;
    readonly tableOptimizerPolicy: string;
  };
  /** The curated Iceberg tables: their namespace (the Glue database on AWS), one table a source. */
  readonly iceberg: { readonly namespace: string };
  readonly athenaWorkgroup: string;
}

const mapFunctions = (f: (name: string) => string): Record<FunctionKey, string> => ({
  manifestBuilder: f(FUNCTIONS.manifestBuilder),
  transform: f(FUNCTIONS.transform),
  sensor: f(FUNCTIONS.sensor),
  maintenance: f(FUNCTIONS.maintenance),
});

/**
 * Derives every resource name of one deployment from the project prefix and the environment.
 * `accountId` is appended to bucket names (which are global across AWS accounts) when given.
 */
export function resourceNames(prefix: string, env: EnvName, accountId?: string): ResourceNames {
  const base = `${projectPrefixSchema.parse(prefix)}-${env}`;
  const bucket = (role: string): string =>
    accountId ? `${base}-${role}-${accountId}` : `${base}-${role}`;
  const name = (role: string): string => `${base}-${role}`;
  // The Glue database is the curated tables' Iceberg namespace: one name for both.
  const database = `${base.replace(/-/g, '_')}_catalog`;
  return {
    prefix,
    env,
    buckets: {
      raw: bucket('raw'),
      curated: bucket('curated'),
      quarantine: bucket('quarantine'),
      artifacts: bucket('artifacts'),
    },
    queues: {
      ingest: name('ingest'),
      ingestDlq: name('ingest-dlq'),
      manifest: name('manifest'),
      manifestDlq: name('manifest-dlq'),
    },
    tables: { files: name('files'), locks: name('locks'), metrics: name('metrics') },
    topics: { alerts: name('alerts') },
    functions: mapFunctions(name),
    roles: mapFunctions((f) => name(`${f}-role`)),
    rolePolicies: mapFunctions((f) => name(`${f}-permissions`)),
    logGroups: mapFunctions((f) => `/aws/lambda/${name(f)}`),
    rules: {
      sensorSchedule: name('sensor-schedule'),
      flushSchedule: name('flush-schedule'),
      maintenanceSchedule: name('maintenance-schedule'),
    },
    glue: {
      database,
      tableOptimizerRole: name('table-optimizer-role'),
      tableOptimizerPolicy: name('table-optimizer-permissions'),
    },
    iceberg: { namespace: database },
    athenaWorkgroup: name('analytics'),
  };
}

/**
 * Names of the environment variables the handlers read. The stacks set them on each Lambda
 * function and the handlers' config parser reads the same keys, so the two cannot drift.
 */
export const ENV_VARS = {
  target: 'PIPELINE_TARGET',
  /**
   * Folder of the source contract files; default: the `contracts/` folder found from the code
   * upward (the repository's, or the one shipped beside the Lambda bundle).
   */
  contractsDir: 'PIPELINE_CONTRACTS_DIR',
  /** JSON of per-environment DQ threshold overrides, `{source: {ruleId: {max|min|severity}}}`. */
  dqOverrides: 'DQ_OVERRIDES',
  endpointUrl: 'PIPELINE_ENDPOINT_URL',
  sdkEndpointUrl: 'AWS_ENDPOINT_URL',
  region: 'AWS_REGION',
  /** Emulator targets: URL of the Iceberg REST catalog beside the emulator (none on AWS: Glue). */
  catalogUrl: 'ICEBERG_CATALOG_URL',
  /** Directory holding the DuckDB extension files (`<name>.duckdb_extension`) the readers load. */
  duckdbExtensionDir: 'DUCKDB_EXTENSION_DIR',
  /** Namespace of the curated Iceberg tables (the Glue database on AWS). */
  icebergNamespace: 'ICEBERG_NAMESPACE',
  /** AWS only: the account id whose Glue Data Catalog holds the tables (its Iceberg warehouse). */
  icebergWarehouse: 'ICEBERG_WAREHOUSE',
  env: 'PIPELINE_ENV',
  rawBucket: 'RAW_BUCKET',
  curatedBucket: 'CURATED_BUCKET',
  quarantineBucket: 'QUARANTINE_BUCKET',
  artifactsBucket: 'ARTIFACTS_BUCKET',
  ingestQueueUrl: 'INGEST_QUEUE_URL',
  manifestQueueUrl: 'MANIFEST_QUEUE_URL',
  filesTable: 'FILES_TABLE',
  locksTable: 'LOCKS_TABLE',
  metricsTable: 'METRICS_TABLE',
  alertsTopicArn: 'ALERTS_TOPIC_ARN',
  logLevel: 'LOG_LEVEL',
  maxFilesPerManifest: 'MAX_FILES_PER_MANIFEST',
  maxBatchSizeGb: 'MAX_BATCH_SIZE_GB',
  expectedFileSizeMb: 'EXPECTED_FILE_SIZE_MB',
  sizeTolerancePercent: 'SIZE_TOLERANCE_PERCENT',
  lockTtlSeconds: 'LOCK_TTL_SECONDS',
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
  powertoolsMetricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** Manifest builder, optional: largest raw file accepted, in MB. */
  maxFileSizeMb: 'MAX_FILE_SIZE_MB',
  /** Manifest builder, optional: age of the oldest pending file that forces a partial manifest. */
  manifestFlushAgeSeconds: 'MANIFEST_FLUSH_AGE_SECONDS',
  /** Manifest builder, optional: `last-modified` or `quarantine` for a key without a date. */
  missingDatePolicy: 'MISSING_DATE_POLICY',
  /** Manifest builder, optional: comma-separated allowed extensions (each may also end in .gz). */
  allowedExtensions: 'ALLOWED_EXTENSIONS',
  /** Sensor: URL of the ingest queue's dead-letter queue (depth checked on every run). */
  ingestDlqUrl: 'INGEST_DLQ_URL',
  /** Sensor: URL of the manifest queue's dead-letter queue. */
  manifestDlqUrl: 'MANIFEST_DLQ_URL',
  /** Sensor: comma-separated sources expected to deliver raw files every day. */
  sensorSources: 'SENSOR_SOURCES',
  /** Sensor: how many days before today the expected date is (1: yesterday, UTC). */
  sensorExpectedDateLagDays: 'SENSOR_EXPECTED_DATE_LAG_DAYS',
  /** Sensor: time of day (UTC, HH:MM) by which the expected date's first file must have arrived. */
  sensorCutoffUtc: 'SENSOR_CUTOFF_UTC',
  /** Sensor: how many expected dates (the latest due one and those before it) each run checks. */
  sensorLookbackDays: 'SENSOR_LOOKBACK_DAYS',
  /** Maintenance: Athena workgroup its OPTIMIZE and VACUUM statements run in (AWS targets). */
  athenaWorkgroup: 'ATHENA_WORKGROUP',
  /** Maintenance, optional: size of the files a compaction writes, in MB. */
  maintenanceTargetFileMb: 'MAINTENANCE_TARGET_FILE_MB',
  /** Maintenance, optional: snapshots younger than this many hours are kept (time travel). */
  snapshotRetentionHours: 'SNAPSHOT_RETENTION_HOURS',
  /** Maintenance, optional: unreferenced objects younger than this many hours are kept. */
  orphanMinAgeHours: 'ORPHAN_MIN_AGE_HOURS',
  /** Maintenance, optional: a date committed to within this many minutes is not compacted. */
  maintenanceQuietMinutes: 'MAINTENANCE_QUIET_MINUTES',
  /**
   * Maintenance, emulator targets only: JSON array of the command that runs the pyiceberg
   * maintenance program (the local deployment sets it; AWS uses Athena instead).
   */
  maintenanceCommand: 'ICEBERG_MAINTENANCE_COMMAND',
  /** Transform, optional: comma-separated curated formats, `parquet` (always) plus `avro`. */
  outputFormats: 'OUTPUT_FORMATS',
  /** Transform, optional: DuckDB memory limit in MB (see TRANSFORM_ENV_VARS). */
  transformMemoryLimitMb: 'TRANSFORM_MEMORY_LIMIT_MB',
  /** Transform, optional: directory for raw downloads, DuckDB's database and spill files. */
  transformTmpDir: 'TRANSFORM_TMP_DIR',
  /** Transform, optional: most MB a raw file may expand to (gzip); past it, it is refused. */
  maxStagedFileMb: 'MAX_STAGED_FILE_MB',
} as const;
export type EnvVarKey = keyof typeof ENV_VARS;

/** Where one source's curated Iceberg table is: namespace, table name and storage location. */
export interface CuratedTableRef {
  readonly namespace: string;
  readonly table: string;
  /** `s3://<curated bucket>/tables/<source>`: data and metadata of the table. */
  readonly location: string;
}

/** The curated table name of a source: the source, with `-` (invalid in Glue names) as `_`. */
export const curatedTableName = (source: string): string => source.replace(/-/g, '_');

/**
 * The curated table of `source`: one Iceberg table per source (each source has its own
 * contract, so its own schema), named after the source, in the deployment's namespace.
 */
export const curatedTableRef = (names: ResourceNames, source: string): CuratedTableRef =>
  curatedTableRefIn(names.iceberg.namespace, names.buckets.curated, source);

/**
 * The same, from the two values a function's environment carries (ICEBERG_NAMESPACE and
 * CURATED_BUCKET), for handlers that have no ResourceNames.
 */
export const curatedTableRefIn = (
  namespace: string,
  curatedBucket: string,
  source: string,
): CuratedTableRef => ({
  namespace,
  table: curatedTableName(source),
  location: `s3://${curatedBucket}/${PREFIXES.tables}${source}`,
});

/**
 * Queue the local tools subscribe to the alerts topic on emulator targets (`pipeline alerts`
 * reads it); never part of the deployed stack, where alerts go to e-mail or other subscribers.
 */
export const alertsInboxQueueName = (names: ResourceNames): string =>
  `${names.topics.alerts}-inbox`;

/** The CloudWatch metrics namespace of one deployment (EMF and alarms use it). */
export const metricsNamespace = (names: ResourceNames): string => `${names.prefix}/${names.env}`;

/**
 * Key attributes of the DynamoDB tables, shared by the stacks (table and index definitions) and
 * the handlers (queries), so a key name is never typed twice.
 *
 * Files table: one item per raw object, keyed by `object_key` (the S3 key), so the conditional
 * put that tracks a file makes a duplicate notification a no-op. The `pending-by-date` index has
 * partition key `date_status` = `<ingestion_date>#<status>` (e.g. `2026-11-20#PENDING`) and sort
 * key `received_at` (ISO-8601), so the manifest builder finds the pending files of one date in
 * arrival order with a single Query, and a status change moves the item between index partitions.
 * Locks table: one item per lock (`lock_id`, e.g. the ingestion date), expiring via TTL.
 * Metrics table: data-quality results per ingestion date and manifest, beside the date's records
 * (current generation, commit ledger, operators' DQ acceptances).
 */
export const TABLE_KEYS = {
  files: {
    partitionKey: 'object_key',
    pendingByDateIndex: 'pending-by-date',
    indexPartitionKey: 'date_status',
    indexSortKey: 'received_at',
  },
  locks: { partitionKey: 'lock_id' },
  metrics: { partitionKey: 'ingestion_date', sortKey: 'manifest_id' },
  /** TTL attribute (epoch seconds) of every table. */
  ttlAttribute: 'expires_at',
} as const;

/**
 * True for a metrics-table item that is a run's metrics: the table also holds per-date records
 * (the current generation, the commit ledger, the DQ acceptances) whose sort keys start with `#`, which no run id
 * (manifest ids are `[a-z0-9-]`, rebuild ids `rebuild-<digits>`) can.
 */
export const isRunRecordKey = (sortKey: unknown): boolean =>
  typeof sortKey === 'string' && !sortKey.startsWith('#');

/** Sort-key prefix of the operators' DQ acceptances in the metrics table (beside the runs). */
export const DQ_ACCEPTANCE_PREFIX = '#ACCEPT#';

/**
 * Sort key of the acceptance of one hard rule of one source, under its ingestion date's
 * partition key: one item per (date, source, rule), so accepting twice is one conditional put
 * that finds the first, and the transform reads a date's acceptances with one Query.
 */
export const dqAcceptanceSortKey = (source: string, rule: string): string =>
  `${DQ_ACCEPTANCE_PREFIX}${source}#${rule}`;

/** Constant inputs of the scheduled invocations; the handlers recognize them by `action`. */
export const SCHEDULED_INPUTS = {
  flush: { action: 'flush' },
  sensor: { action: 'check-missing-data' },
  maintenance: { action: 'maintain-tables' },
} as const;

/**
 * Where the Lambda bundle puts the DuckDB extension files (arm64), relative to the function's
 * code root (`/var/task` on Lambda): DUCKDB_EXTENSION_DIR of the deployed functions.
 */
export const BUNDLED_EXTENSION_DIR = 'duckdb-extensions';
export const LAMBDA_TASK_ROOT = '/var/task';

/** S3 key of a function's code zip in the artifacts bucket; content-addressed by `hash`. */
export const lambdaCodeKey = (fn: FunctionKey, hash: string): string =>
  `${PREFIXES.lambdaCode}${FUNCTIONS[fn]}/${hash}.zip`;

/**
 * Environment variables the stacks' app entry reads (all optional, all validated): overrides of
 * the per-environment config and the switch that points the AWS provider at an emulator.
 */
export const STACK_ENV_VARS = {
  prefix: 'PIPELINE_PREFIX',
  alertEmail: 'ALERT_EMAIL',
  accountId: 'PIPELINE_ACCOUNT_ID',
  localEndpoint: 'PIPELINE_LOCAL_ENDPOINT',
} as const;

/**
 * Name of a CloudWatch alarm about `subject` (a queue or function name of this deployment) and
 * `condition` (e.g. `errors`), so alarms sort by deployment and read like a sentence.
 */
export const alarmName = (subject: string, condition: string): string => `${subject}-${condition}`;

/**
 * Optional tuning variables of the transform; each has a default in the transform's config, so
 * the stacks set them only to override (DQ rules as JSON, DuckDB bounds, temp storage).
 */
export const TRANSFORM_ENV_VARS = {
  /** JSON array of data-quality rules replacing every source's contract rules (tests, drills). */
  dqRules: 'DQ_RULES',
  /** DuckDB memory limit in MB; beyond it DuckDB spills to the temp directory. */
  memoryLimitMb: ENV_VARS.transformMemoryLimitMb,
  /** DuckDB worker threads. */
  threads: 'TRANSFORM_THREADS',
  /** Directory for downloaded raw files, DuckDB's database and spill files. */
  tempDir: ENV_VARS.transformTmpDir,
  /** Longest raw line accepted, in MB; longer lines become rejects. */
  maxLineSizeMb: 'MAX_LINE_SIZE_MB',
  /** Raw files from this size (MB) up are read in place over S3; smaller ones are fetched. */
  inPlaceMinMb: 'RAW_IN_PLACE_MIN_MB',
  /** Most MB one raw file may expand to (gzip); a larger one is refused, not retried. */
  maxStagedFileMb: ENV_VARS.maxStagedFileMb,
  /** Curated formats written: `parquet`, or `parquet,avro` (Avro under PREFIXES.curatedAvro). */
  outputFormats: ENV_VARS.outputFormats,
} as const;
