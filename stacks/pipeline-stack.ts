import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { functionEnvironment } from '../handlers/lib/config/function-environment';
import type { FunctionKey } from '../handlers/lib/names';
import { FUNCTIONS, resourceNames, SCHEDULED_INPUTS } from '../handlers/lib/names';
import { awsProvider } from './aws-provider';
import type { EnvConfig } from './config/schema';
import { PipelineAlerts } from './constructs/alerts';
import { PipelineCatalog } from './constructs/catalog';
import { PipelineFunction } from './constructs/pipeline-function';
import { QueueWithDlq, visibilityTimeoutFor } from './constructs/queue-with-dlq';
import { RawNotifications } from './constructs/raw-notifications';
import { Schedule } from './constructs/schedule';
import { PipelineStorage } from './constructs/storage';
import { PipelineTables } from './constructs/tables';
import { functionPermissions } from './iam/function-permissions';
import { buildsAwsOnlyParts } from './local-mode';
import { stateBackend } from './state-backend';

/** How one stack is deployed. */
export interface PipelineStackProps {
  readonly config: EnvConfig;
  /**
   * Emulator URL (LocalStack/moto), local mode: local provider endpoints, local state, and none
   * of the AWS-only parts (stacks/local-mode.ts).
   */
  readonly localEndpoint?: string;
}

/**
 * Every AWS resource of one deployment of the pipeline (see shared/DESIGN.md): buckets, queues,
 * tables, functions, schedules, alerts, catalog. Instantiated once per environment; everything
 * that differs between environments comes from the validated config, every name from names.ts.
 */
export class PipelineStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id);
    const { config } = props;
    const names = resourceNames(config.projectPrefix, config.env, config.accountId);
    awsProvider(this, names, config.region, props.localEndpoint);
    stateBackend(this, config, props.localEndpoint !== undefined);
    const accountId = new DataAwsCallerIdentity(this, 'caller').accountId;
    // Local mode leaves the AWS-only parts out: the TLS-only bucket policies and the catalog.
    const awsOnly = buildsAwsOnlyParts(props.localEndpoint);

    const storage = new PipelineStorage(this, 'storage', names, config, {
      tlsOnlyPolicies: awsOnly,
    });
    const tables = new PipelineTables(this, 'tables', {
      names,
      pointInTimeRecovery: config.dynamodb.pointInTimeRecovery,
      deletionProtection: config.dynamodb.deletionProtection,
    });
    const { functions: sizing, eventSources } = config;
    const queueProps = {
      maxReceiveCount: config.queues.maxReceiveCount,
      messageRetentionDays: config.queues.messageRetentionDays,
      dlqRetentionDays: config.queues.dlqRetentionDays,
    };
    const ingest = new QueueWithDlq(this, 'ingest', {
      ...queueProps,
      queueName: names.queues.ingest,
      dlqName: names.queues.ingestDlq,
      visibilityTimeoutSeconds: visibilityTimeoutFor(
        sizing.manifestBuilder.timeoutSeconds,
        eventSources.ingest.maxBatchingWindowSeconds,
      ),
    });
    const manifest = new QueueWithDlq(this, 'manifest', {
      ...queueProps,
      queueName: names.queues.manifest,
      dlqName: names.queues.manifestDlq,
      visibilityTimeoutSeconds: visibilityTimeoutFor(
        sizing.transform.timeoutSeconds,
        eventSources.manifest.maxBatchingWindowSeconds,
      ),
    });
    new RawNotifications(this, 'raw-notifications', {
      rawBucket: storage.raw,
      ingestQueue: ingest.queue,
      accountId,
    });
    const alerts = new PipelineAlerts(this, 'alerts', names, config);
    // Glue and Athena are not in LocalStack's community image: in local mode the Glue catalog is
    // left out (the local loop's Iceberg REST catalog holds the tables, filled by the local
    // provisioner). On AWS the account's Data Catalog is the tables' Iceberg warehouse.
    const warehouseAccountId = config.accountId ?? accountId;
    const catalog = awsOnly
      ? new PipelineCatalog(this, 'catalog', names, config, {
          curated: storage.curated,
          artifacts: storage.artifacts,
          accountId: warehouseAccountId,
          region: config.region,
        })
      : undefined;
    const refs = {
      ingestQueueUrl: ingest.queue.url,
      manifestQueueUrl: manifest.queue.url,
      alertsTopicArn: alerts.topic.arn,
      ingestDlqUrl: ingest.dlq.url,
      manifestDlqUrl: manifest.dlq.url,
      accountId: catalog ? warehouseAccountId : undefined,
    };
    const targets = {
      buckets: storage,
      ingestQueue: ingest.queue,
      manifestQueue: manifest.queue,
      ingestDlq: ingest.dlq,
      manifestDlq: manifest.dlq,
      tables,
      alertsTopic: alerts.topic,
      glue: catalog?.arns,
      athenaWorkgroup: names.athenaWorkgroup,
      icebergNamespace: names.iceberg.namespace,
    };
    const lambda = (fn: FunctionKey): PipelineFunction => {
      const created = new PipelineFunction(this, FUNCTIONS[fn], {
        fn,
        names,
        sizing: sizing[fn],
        logRetentionDays: config.logRetentionDays,
        environment: functionEnvironment(fn, names, config.settings, refs),
        statements: functionPermissions(fn, targets),
        artifactsBucket: storage.artifacts,
        accountId,
      });
      alerts.watchFunction(config, {
        id: FUNCTIONS[fn],
        name: names.functions[fn],
        function: created.function,
      });
      return created;
    };
    const builder = lambda('manifestBuilder');
    const transform = lambda('transform');
    const sensor = lambda('sensor');
    const maintenance = lambda('maintenance');

    const consume = (
      source: EnvConfig['eventSources']['ingest'],
      queue: QueueWithDlq,
      fn: FunctionKey,
      target: PipelineFunction,
    ): void => {
      const reserved = sizing[fn].reservedConcurrency;
      new LambdaEventSourceMapping(this, `${FUNCTIONS[fn]}-event-source`, {
        eventSourceArn: queue.queue.arn,
        functionName: target.function.arn,
        batchSize: source.batchSize,
        maximumBatchingWindowInSeconds: source.maxBatchingWindowSeconds,
        functionResponseTypes: ['ReportBatchItemFailures'],
        // Poll no faster than the reserved concurrency allows, so messages are not throttled
        // into the DLQ (SQS maximum concurrency must be at least 2).
        scalingConfig: reserved >= 2 ? { maximumConcurrency: reserved } : undefined,
      });
    };
    consume(eventSources.ingest, ingest, 'manifestBuilder', builder);
    consume(eventSources.manifest, manifest, 'transform', transform);
    alerts.watchQueue(config, {
      id: 'ingest',
      queueName: names.queues.ingest,
      dlqName: names.queues.ingestDlq,
      ...ingest,
      maxAgeSeconds: config.alarms.ingestQueueMaxAgeSeconds,
    });
    alerts.watchQueue(config, {
      id: 'manifest',
      queueName: names.queues.manifest,
      dlqName: names.queues.manifestDlq,
      ...manifest,
      maxAgeSeconds: config.alarms.manifestQueueMaxAgeSeconds,
    });

    new Schedule(this, 'sensor-schedule', {
      ruleName: names.rules.sensorSchedule,
      description: 'Runs the missing-data sensor.',
      scheduleExpression: config.schedules.sensor,
      target: sensor.function,
      input: SCHEDULED_INPUTS.sensor,
    });
    new Schedule(this, 'maintenance-schedule', {
      ruleName: names.rules.maintenanceSchedule,
      description: 'Compacts the curated tables, expires old snapshots, removes orphan files.',
      scheduleExpression: config.schedules.maintenance,
      target: maintenance.function,
      input: SCHEDULED_INPUTS.maintenance,
    });
    new Schedule(this, 'flush-schedule', {
      ruleName: names.rules.flushSchedule,
      description: 'Flushes partial manifests of dates that stopped receiving files.',
      scheduleExpression: config.schedules.flush,
      target: builder.function,
      input: SCHEDULED_INPUTS.flush,
    });
    new TerraformOutput(this, 'raw_bucket', { value: storage.raw.bucket });
    new TerraformOutput(this, 'curated_bucket', { value: storage.curated.bucket });
    new TerraformOutput(this, 'alerts_topic_arn', { value: alerts.topic.arn });
    if (catalog) {
      new TerraformOutput(this, 'athena_workgroup', { value: catalog.workgroup.name });
    }
  }
}
