import type { EnvConfigInput } from './schema';

/**
 * Production: the original design's scale (files of 3.5-4.5 GB, 100 files per manifest), the
 * largest Lambda sizes, longer retention, raw data tiered to Standard-IA, point-in-time
 * recovery, and remote state in S3 with locking.
 */
export const PROD_CONFIG: EnvConfigInput = {
  env: 'prod',
  projectPrefix: 'curated-pipeline',
  region: 'us-east-1',
  settings: {
    logLevel: 'INFO',
    maxFilesPerManifest: 100,
    // A manifest is up to 4.5 GB: one of the original design's largest files, or many smaller
    // ones. Plain raw files are read in place over S3, so /tmp holds only DuckDB's spill and
    // the outputs (stacks/config/transform-sizing.ts; the synth checks the function's room).
    maxBatchSizeGb: 4.5,
    // The original design's files are 3.5-4.5 GB: 4096 MB +- 14% accepts 3,523-4,669 MB, and
    // the cap below quarantines anything above 4.5 GB.
    expectedFileSizeMb: 4096,
    sizeTolerancePercent: 14,
    lockTtlSeconds: 300,
    // Larger files are quarantined: no bigger than a manifest's cap, and than the transform's /tmp.
    maxFileSizeMb: 4608,
    // A date's oldest pending file older than this makes the flush schedule close a partial
    // manifest, bounding the latency of a quiet date.
    manifestFlushAgeSeconds: 900,
    // Avro is an optional copy of the curated rows (curated/events-avro/); Parquet only here.
    // /tmp: the only writable path on Lambda; sized by functions.transform.ephemeralStorageMb.
    // dqOverrides: this environment's thresholds over the contracts' DQ rules, e.g.
    // { app: { user_id_null_rate: { max: 0.05 } } } (contracts/<source>.yaml holds the rules).
    transform: { outputFormats: ['parquet'], tempDir: '/tmp', dqOverrides: {} },
    // Source "app" must have delivered yesterday's (UTC) first file by 02:00 UTC today; each
    // run re-checks the last 3 due dates.
    sensor: { sources: ['app'], expectedDateLagDays: 1, cutoffUtc: '02:00', lookbackDays: 3 },
  },
  functions: {
    manifestBuilder: {
      memoryMb: 1024,
      timeoutSeconds: 120,
      reservedConcurrency: 20,
      ephemeralStorageMb: 512,
    },
    transform: {
      memoryMb: 10_240,
      timeoutSeconds: 900,
      reservedConcurrency: 200,
      ephemeralStorageMb: 10_240,
    },
    sensor: { memoryMb: 512, timeoutSeconds: 120, reservedConcurrency: 1, ephemeralStorageMb: 512 },
    // Waits for Athena's OPTIMIZE and VACUUM (minutes on a large date): the longest timeout.
    maintenance: {
      memoryMb: 256,
      timeoutSeconds: 900,
      reservedConcurrency: 1,
      ephemeralStorageMb: 512,
    },
  },
  eventSources: {
    ingest: { batchSize: 100, maxBatchingWindowSeconds: 20 },
    manifest: { batchSize: 1, maxBatchingWindowSeconds: 0 },
  },
  queues: { maxReceiveCount: 5, messageRetentionDays: 4, dlqRetentionDays: 14 },
  logRetentionDays: 90,
  lifecycle: {
    manifestsExpireDays: 90,
    metricsExpireDays: 365,
    rejectsExpireDays: 90,
    quarantineExpireDays: 90,
    athenaResultsExpireDays: 30,
    noncurrentVersionsExpireDays: 30,
    rawTransitionDays: 30,
  },
  alarms: {
    periodSeconds: 300,
    evaluationPeriods: 2,
    lambdaErrorsThreshold: 5,
    ingestQueueMaxAgeSeconds: 1_800,
    manifestQueueMaxAgeSeconds: 3_600,
  },
  schedules: { sensor: 'rate(1 hour)', flush: 'rate(10 minutes)', maintenance: 'rate(6 hours)' },
  dynamodb: { pointInTimeRecovery: true, deletionProtection: true },
  // Glue maintains the Iceberg tables: a week of time travel, at least 10 snapshots.
  catalog: {
    optimizers: {
      compaction: true,
      snapshotRetentionDays: 7,
      snapshotsToRetain: 10,
      orphanFileRetentionDays: 7,
      runRateHours: 24,
    },
  },
  forceDestroyBuckets: false,
  stateBackend: {
    kind: 's3',
    bucket: 'curated-pipeline-terraform-state',
    key: 'curated-pipeline/prod/terraform.tfstate',
    region: 'us-east-1',
    lock: { kind: 'lockfile' },
  },
};
