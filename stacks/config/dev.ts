import type { EnvConfigInput } from './schema';

/**
 * Development: small manifests and functions, verbose logs, short retention, local state,
 * buckets that `cdktf destroy` may empty.
 */
export const DEV_CONFIG: EnvConfigInput = {
  env: 'dev',
  projectPrefix: 'curated-pipeline',
  region: 'us-east-1',
  settings: {
    logLevel: 'DEBUG',
    maxFilesPerManifest: 50,
    maxBatchSizeGb: 1,
    // The design's dev value is 10 MB +- 50%, which quarantines every file of the demo, the
    // tests and a newcomer's own small sample as "too small". The check stays optional: dev
    // leaves it off (the tolerance below applies once a size is set); prod checks 3500 MB.
    expectedFileSizeMb: undefined,
    sizeTolerancePercent: 50,
    lockTtlSeconds: 300,
    // Larger files are quarantined: no bigger than a manifest's cap, and than the transform's /tmp.
    maxFileSizeMb: 1024,
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
      memoryMb: 512,
      timeoutSeconds: 60,
      reservedConcurrency: 2,
      ephemeralStorageMb: 512,
    },
    transform: {
      memoryMb: 2048,
      timeoutSeconds: 300,
      reservedConcurrency: 2,
      // A 1 GB manifest needs ~2 GB of /tmp (spill above DuckDB's 1,228 MB and outputs),
      // ~3 GB when its file is fetched (gzip); see stacks/config/transform-sizing.ts.
      ephemeralStorageMb: 3072,
    },
    sensor: { memoryMb: 256, timeoutSeconds: 60, reservedConcurrency: 1, ephemeralStorageMb: 512 },
    // Waits for Athena's OPTIMIZE and VACUUM (minutes on a large date): the longest timeout.
    maintenance: {
      memoryMb: 256,
      timeoutSeconds: 900,
      reservedConcurrency: 1,
      ephemeralStorageMb: 512,
    },
  },
  eventSources: {
    ingest: { batchSize: 10, maxBatchingWindowSeconds: 5 },
    manifest: { batchSize: 1, maxBatchingWindowSeconds: 0 },
  },
  queues: { maxReceiveCount: 3, messageRetentionDays: 4, dlqRetentionDays: 14 },
  logRetentionDays: 7,
  lifecycle: {
    manifestsExpireDays: 7,
    metricsExpireDays: 14,
    rejectsExpireDays: 14,
    quarantineExpireDays: 14,
    athenaResultsExpireDays: 3,
    noncurrentVersionsExpireDays: 7,
  },
  alarms: {
    periodSeconds: 300,
    evaluationPeriods: 1,
    lambdaErrorsThreshold: 1,
    ingestQueueMaxAgeSeconds: 3_600,
    manifestQueueMaxAgeSeconds: 3_600,
  },
  schedules: { sensor: 'rate(1 hour)', flush: 'rate(15 minutes)', maintenance: 'rate(1 day)' },
  dynamodb: { pointInTimeRecovery: false, deletionProtection: false },
  // Glue maintains the Iceberg tables: short history in dev (a day of snapshots, at least 3).
  catalog: {
    optimizers: {
      compaction: true,
      snapshotRetentionDays: 1,
      snapshotsToRetain: 3,
      orphanFileRetentionDays: 3,
      runRateHours: 24,
    },
  },
  forceDestroyBuckets: true,
  stateBackend: { kind: 'local' },
};
