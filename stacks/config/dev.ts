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
    expectedFileSizeMb: 10,
    sizeTolerancePercent: 50,
    lockTtlSeconds: 300,
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
