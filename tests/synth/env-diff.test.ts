import type { EnvName } from '../../handlers/lib/names';
import { resourceNames } from '../../handlers/lib/names';
import { envConfig } from '../../stacks/config/env-configs';
import { flatten } from './support/flatten';
import { synth } from './support/synth-stack';

/**
 * Which config fields may explain a difference at a synthesized path. A difference between the
 * dev and prod stacks that no rule explains, or a rule whose config fields are equal in both
 * environments, fails the test: the stacks differ exactly where the config says.
 */
const RULES: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/default_tags\[0\]\.tags\.environment$/, ['env']],
  [/glue_catalog_database\..*\.description$/, ['env']],
  [/\.PIPELINE_ENV$/, ['env']],
  [/\.force_destroy$/, ['forceDestroyBuckets']],
  [/event_rule\.flush-schedule.*schedule_expression$/, ['schedules.flush']],
  [/event_rule\.sensor-schedule.*schedule_expression$/, ['schedules.sensor']],
  [/event_rule\.maintenance-schedule.*schedule_expression$/, ['schedules.maintenance']],
  [/log_group\..*\.retention_in_days$/, ['logRetentionDays']],
  [
    /ingest-oldest-message-age.*\.(threshold|alarm_description)$/,
    ['alarms.ingestQueueMaxAgeSeconds'],
  ],
  [
    /manifest-oldest-message-age.*\.(threshold|alarm_description)$/,
    ['alarms.manifestQueueMaxAgeSeconds'],
  ],
  [/metric_alarm\..*\.evaluation_periods$/, ['alarms.evaluationPeriods']],
  [/-errors_.*\.threshold$/, ['alarms.lambdaErrorsThreshold']],
  [/\.deletion_protection_enabled$/, ['dynamodb.deletionProtection']],
  [/\.point_in_time_recovery\.enabled$/, ['dynamodb.pointInTimeRecovery']],
  [/manifest-builder-event-source\.batch_size$/, ['eventSources.ingest.batchSize']],
  [
    /manifest-builder-event-source\.maximum_batching_window_in_seconds$/,
    ['eventSources.ingest.maxBatchingWindowSeconds'],
  ],
  [
    /manifest-builder-event-source\.scaling_config\.maximum_concurrency$/,
    ['functions.manifestBuilder.reservedConcurrency'],
  ],
  [
    /transform-event-source\.scaling_config\.maximum_concurrency$/,
    ['functions.transform.reservedConcurrency'],
  ],
  [/\.EXPECTED_FILE_SIZE_MB$/, ['settings.expectedFileSizeMb']],
  [/\.LOG_LEVEL$/, ['settings.logLevel']],
  [/\.MAX_BATCH_SIZE_GB$/, ['settings.maxBatchSizeGb']],
  [/\.MAX_FILES_PER_MANIFEST$/, ['settings.maxFilesPerManifest']],
  [/\.SIZE_TOLERANCE_PERCENT$/, ['settings.sizeTolerancePercent']],
  [/\.LOCK_TTL_SECONDS$/, ['settings.lockTtlSeconds']],
  [/\.MAX_FILE_SIZE_MB$/, ['settings.maxFileSizeMb']],
  [/\.MAX_STAGED_FILE_MB$/, ['settings.maxBatchSizeGb', 'settings.maxFileSizeMb']],
  [/\.MANIFEST_FLUSH_AGE_SECONDS$/, ['settings.manifestFlushAgeSeconds']],
  [/\.OUTPUT_FORMATS$/, ['settings.transform.outputFormats']],
  [/\.TRANSFORM_TMP_DIR$/, ['settings.transform.tempDir']],
  // Derived from the function's memory (stacks/config/schema.ts duckDbMemoryLimitMb).
  [
    /\.TRANSFORM_MEMORY_LIMIT_MB$/,
    ['settings.transform.memoryLimitMb', 'functions.transform.memoryMb'],
  ],
  ...(['manifestBuilder', 'transform', 'sensor'] as const).flatMap((fn) => {
    const id = {
      manifestBuilder: 'manifest-builder',
      transform: 'transform',
      sensor: 'missing-data-sensor',
    }[fn];
    return [
      [new RegExp(`function\\.${id}_function_\\w+\\.memory_size$`), [`functions.${fn}.memoryMb`]],
      [new RegExp(`function\\.${id}_function_\\w+\\.timeout$`), [`functions.${fn}.timeoutSeconds`]],
      [
        new RegExp(`function\\.${id}_function_\\w+\\.reserved_concurrent_executions$`),
        [`functions.${fn}.reservedConcurrency`],
      ],
      [
        new RegExp(`function\\.${id}_function_\\w+\\.ephemeral_storage\\.size$`),
        [`functions.${fn}.ephemeralStorageMb`],
      ],
    ] as const;
  }),
  [
    /lifecycle_.*\.noncurrent_version_expiration\[0\]\.noncurrent_days$/,
    ['lifecycle.noncurrentVersionsExpireDays'],
  ],
  [
    /storage_artifacts_lifecycle_.*\.expiration\[0\]\.days$/,
    [
      'lifecycle.manifestsExpireDays',
      'lifecycle.metricsExpireDays',
      'lifecycle.rejectsExpireDays',
      'lifecycle.athenaResultsExpireDays',
    ],
  ],
  [/storage_quarantine_lifecycle_.*\.expiration\[0\]\.days$/, ['lifecycle.quarantineExpireDays']],
  [/storage_raw_lifecycle_.*\.rule\[1\]\./, ['lifecycle.rawTransitionDays']],
  [/sqs_queue\.(ingest|manifest)_queue_\w+\.redrive_policy$/, ['queues.maxReceiveCount']],
  [
    /sqs_queue\.ingest_queue_\w+\.visibility_timeout_seconds$/,
    ['functions.manifestBuilder.timeoutSeconds', 'eventSources.ingest.maxBatchingWindowSeconds'],
  ],
  [
    /sqs_queue\.manifest_queue_\w+\.visibility_timeout_seconds$/,
    ['functions.transform.timeoutSeconds', 'eventSources.manifest.maxBatchingWindowSeconds'],
  ],
  [/^terraform\.backend\./, ['stateBackend']],
  [
    /glue_catalog_table_optimizer\..*\.snapshot_retention_period_in_days$/,
    ['catalog.optimizers.snapshotRetentionDays'],
  ],
  [
    /glue_catalog_table_optimizer\..*\.number_of_snapshots_to_retain$/,
    ['catalog.optimizers.snapshotsToRetain'],
  ],
  [
    /glue_catalog_table_optimizer\..*\.orphan_file_retention_period_in_days$/,
    ['catalog.optimizers.orphanFileRetentionDays'],
  ],
  [/glue_catalog_table_optimizer\..*\.run_rate_in_hours$/, ['catalog.optimizers.runRateHours']],
  [/iam_role\.catalog_optimizers_role_\w+\.description$/, ['env']],
];

/** The synthesized stack with the environment's own names replaced by placeholders. */
function normalized(env: EnvName): Map<string, unknown> {
  const names = resourceNames(envConfig(env).projectPrefix, env);
  const text = synth(env)
    .raw.split(`${names.prefix}-${env}`)
    .join('<name>')
    .split(names.glue.database)
    .join('<database>')
    .split(`${names.prefix}/${env}`)
    .join('<namespace>');
  return flatten(JSON.parse(text));
}

describe('dev and prod', () => {
  const dev = normalized('dev');
  const prod = normalized('prod');
  const differing = [...new Set([...dev.keys(), ...prod.keys()])].filter(
    (path) => dev.get(path) !== prod.get(path),
  );
  const devConfig = flatten(envConfig('dev'));
  const prodConfig = flatten(envConfig('prod'));
  const configDiffers = (field: string): boolean =>
    [...new Set([...devConfig.keys(), ...prodConfig.keys()])].some(
      (key) =>
        (key === field || key.startsWith(`${field}.`)) &&
        devConfig.get(key) !== prodConfig.get(key),
    );

  it('differ only where a config field that differs explains it', () => {
    const unexplained = differing.filter(
      (path) =>
        !RULES.some(([pattern, fields]) => pattern.test(path) && fields.some(configDiffers)),
    );
    expect(unexplained).toEqual([]);
  });

  it('differ wherever a config field differs', () => {
    const fieldsWithEffect = new Set(
      RULES.filter(([pattern]) => differing.some((path) => pattern.test(path))).flatMap(
        ([, f]) => f,
      ),
    );
    const differingFields = [...new Set([...devConfig.keys(), ...prodConfig.keys()])].filter(
      (key) => devConfig.get(key) !== prodConfig.get(key),
    );
    const withoutEffect = differingFields.filter(
      (key) => ![...fieldsWithEffect].some((f) => key === f || key.startsWith(`${f}.`)),
    );
    expect(withoutEffect).toEqual([]);
  });
});
