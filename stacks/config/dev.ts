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
      ephemeralStorageMb: 2048,
    },
    sensor: { memoryMb: 256, timeoutSeconds: 60, reservedConcurrency: 1, ephemeralStorageMb: 512 },
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
  schedules: { sensor: 'rate(1 hour)', flush: 'rate(15 minutes)' },
  dynamodb: { pointInTimeRecovery: false, deletionProtection: false },
  catalog: { projectionStartDate: '2024-01-01' },
  forceDestroyBuckets: true,
  stateBackend: { kind: 'local' },
};
