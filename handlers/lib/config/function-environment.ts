import type { EnvVarKey, FunctionKey, ResourceNames } from '../names';
import {
  BUNDLED_EXTENSION_DIR,
  ENV_VARS,
  FUNCTIONS,
  LAMBDA_TASK_ROOT,
  metricsNamespace,
} from '../names';
import { largestRunInputMb, type PipelineSettings } from './pipeline-settings';

/**
 * Values only known once resources exist: queue URLs and the topic ARN. The stacks pass
 * Terraform references, the local runtime passes the emulator's real values.
 */
export interface DeployedRefs {
  readonly ingestQueueUrl: string;
  readonly manifestQueueUrl: string;
  readonly alertsTopicArn: string;
  /** Dead-letter queues, whose depth the sensor checks. */
  readonly ingestDlqUrl?: string;
  readonly manifestDlqUrl?: string;
  /** The account id (Glue's Iceberg warehouse); undefined on emulators, whose catalog is REST. */
  readonly accountId?: string;
}

/** The variables each function reads: a function gets only what it uses. */
export const FUNCTION_ENV_KEYS: Readonly<Record<FunctionKey, readonly EnvVarKey[]>> = {
  manifestBuilder: [
    'env',
    'rawBucket',
    'quarantineBucket',
    'artifactsBucket',
    'ingestQueueUrl',
    'manifestQueueUrl',
    'filesTable',
    'locksTable',
    'logLevel',
    'maxFilesPerManifest',
    'maxBatchSizeGb',
    'expectedFileSizeMb',
    'sizeTolerancePercent',
    'lockTtlSeconds',
    'powertoolsServiceName',
    'powertoolsMetricsNamespace',
    'maxFileSizeMb',
    'manifestFlushAgeSeconds',
  ],
  transform: [
    'env',
    'rawBucket',
    'curatedBucket',
    'artifactsBucket',
    'manifestQueueUrl',
    'filesTable',
    'metricsTable',
    'locksTable',
    'alertsTopicArn',
    'logLevel',
    'powertoolsServiceName',
    'powertoolsMetricsNamespace',
    'outputFormats',
    'transformMemoryLimitMb',
    'transformTmpDir',
    'maxStagedFileMb',
    'icebergNamespace',
    'icebergWarehouse',
    'duckdbExtensionDir',
    'dqOverrides',
  ],
  sensor: [
    'env',
    'rawBucket',
    'filesTable',
    'alertsTopicArn',
    'logLevel',
    'powertoolsServiceName',
    'powertoolsMetricsNamespace',
    'ingestDlqUrl',
    'manifestDlqUrl',
    'sensorSources',
    'sensorExpectedDateLagDays',
    'sensorCutoffUtc',
    'sensorLookbackDays',
  ],
  maintenance: [
    'env',
    'curatedBucket',
    'metricsTable',
    'logLevel',
    'powertoolsServiceName',
    'powertoolsMetricsNamespace',
    'icebergNamespace',
    'icebergWarehouse',
    'athenaWorkgroup',
  ],
};

/**
 * Builds the environment map of one function from the resource names, the per-environment
 * settings and the deployed references. The stacks set it on the Lambda function and the local
 * runtime sets it on the in-process handler, so a handler sees the same variables everywhere.
 * Variables with no value (an optional setting left out) are omitted.
 */
export function functionEnvironment(
  fn: FunctionKey,
  names: ResourceNames,
  settings: PipelineSettings,
  refs: DeployedRefs,
): Record<string, string> {
  const all: Partial<Record<EnvVarKey, string>> = {
    env: names.env,
    rawBucket: names.buckets.raw,
    curatedBucket: names.buckets.curated,
    quarantineBucket: names.buckets.quarantine,
    artifactsBucket: names.buckets.artifacts,
    ingestQueueUrl: refs.ingestQueueUrl,
    manifestQueueUrl: refs.manifestQueueUrl,
    filesTable: names.tables.files,
    locksTable: names.tables.locks,
    metricsTable: names.tables.metrics,
    alertsTopicArn: refs.alertsTopicArn,
    logLevel: settings.logLevel,
    maxFilesPerManifest: String(settings.maxFilesPerManifest),
    maxBatchSizeGb: String(settings.maxBatchSizeGb),
    expectedFileSizeMb:
      settings.expectedFileSizeMb === undefined ? undefined : String(settings.expectedFileSizeMb),
    sizeTolerancePercent: String(settings.sizeTolerancePercent),
    lockTtlSeconds: String(settings.lockTtlSeconds),
    powertoolsServiceName: FUNCTIONS[fn],
    powertoolsMetricsNamespace: metricsNamespace(names),
    ingestDlqUrl: refs.ingestDlqUrl,
    manifestDlqUrl: refs.manifestDlqUrl,
    sensorSources: settings.sensor?.sources.join(','),
    sensorExpectedDateLagDays: settings.sensor && String(settings.sensor.expectedDateLagDays),
    sensorCutoffUtc: settings.sensor?.cutoffUtc,
    sensorLookbackDays: settings.sensor && String(settings.sensor.lookbackDays),
    maxFileSizeMb:
      settings.maxFileSizeMb === undefined ? undefined : String(settings.maxFileSizeMb),
    manifestFlushAgeSeconds:
      settings.manifestFlushAgeSeconds === undefined
        ? undefined
        : String(settings.manifestFlushAgeSeconds),
    outputFormats: settings.transform?.outputFormats.join(','),
    transformMemoryLimitMb: settings.transform && String(settings.transform.memoryLimitMb),
    transformTmpDir: settings.transform?.tempDir,
    maxStagedFileMb: String(largestRunInputMb(settings)),
    dqOverrides:
      settings.transform && Object.keys(settings.transform.dqOverrides).length > 0
        ? JSON.stringify(settings.transform.dqOverrides)
        : undefined,
    icebergNamespace: names.iceberg.namespace,
    icebergWarehouse: refs.accountId,
    duckdbExtensionDir: `${LAMBDA_TASK_ROOT}/${BUNDLED_EXTENSION_DIR}`,
    athenaWorkgroup: names.athenaWorkgroup,
  };
  const variables: Record<string, string> = {};
  for (const key of FUNCTION_ENV_KEYS[fn]) {
    const value = all[key];
    if (value !== undefined) variables[ENV_VARS[key]] = value;
  }
  return variables;
}
