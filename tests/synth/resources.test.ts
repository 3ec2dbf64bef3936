import { ENVIRONMENTS, resourceNames } from '../../handlers/lib/names';
import { envConfig } from '../../stacks/config/env-configs';
import { synth } from './support/synth-stack';

describe.each(ENVIRONMENTS)('%s stack', (env) => {
  const config = envConfig(env);
  const names = resourceNames(config.projectPrefix, env);
  const stack = synth(env);
  const namesOf = (type: string, attribute: string): unknown[] =>
    stack.resources(type).map(([, body]) => body[attribute]);

  it('has the four buckets', () => {
    expect(namesOf('aws_s3_bucket', 'bucket').sort()).toEqual(Object.values(names.buckets).sort());
  });

  it('has the two queues and their DLQs', () => {
    expect(namesOf('aws_sqs_queue', 'name').sort()).toEqual(Object.values(names.queues).sort());
  });

  it('has the files, locks and metrics tables, on demand, with TTL', () => {
    expect(namesOf('aws_dynamodb_table', 'name').sort()).toEqual(
      Object.values(names.tables).sort(),
    );
    for (const [, table] of stack.resources('aws_dynamodb_table')) {
      expect(table).toMatchObject({
        billing_mode: 'PAY_PER_REQUEST',
        ttl: { enabled: true },
        point_in_time_recovery: { enabled: config.dynamodb.pointInTimeRecovery },
      });
    }
  });

  it('has the three functions, their roles and their log groups', () => {
    expect(namesOf('aws_lambda_function', 'function_name').sort()).toEqual(
      Object.values(names.functions).sort(),
    );
    // Plus the Glue table optimizers' role (catalog.test.ts).
    expect(namesOf('aws_iam_role', 'name').sort()).toEqual(
      [...Object.values(names.roles), names.glue.tableOptimizerRole].sort(),
    );
    expect(namesOf('aws_cloudwatch_log_group', 'name').sort()).toEqual(
      Object.values(names.logGroups).sort(),
    );
    for (const [, group] of stack.resources('aws_cloudwatch_log_group')) {
      expect(group.retention_in_days).toBe(config.logRetentionDays);
    }
  });

  it('has the sensor, flush and maintenance schedules with their inputs', () => {
    const sensor = stack.one(
      'aws_cloudwatch_event_rule',
      (r) => r.name === names.rules.sensorSchedule,
    );
    const flush = stack.one(
      'aws_cloudwatch_event_rule',
      (r) => r.name === names.rules.flushSchedule,
    );
    expect(sensor.schedule_expression).toBe(config.schedules.sensor);
    expect(flush.schedule_expression).toBe(config.schedules.flush);
    const maintenance = stack.one(
      'aws_cloudwatch_event_rule',
      (r) => r.name === names.rules.maintenanceSchedule,
    );
    expect(maintenance.schedule_expression).toBe(config.schedules.maintenance);
    const inputs = namesOf('aws_cloudwatch_event_target', 'input').sort();
    expect(inputs).toEqual([
      '{"action":"check-missing-data"}',
      '{"action":"flush"}',
      '{"action":"maintain-tables"}',
    ]);
    expect(stack.resources('aws_lambda_permission')).toHaveLength(3);
    for (const [, permission] of stack.resources('aws_lambda_permission')) {
      expect(permission.principal).toBe('events.amazonaws.com');
      expect(permission.source_arn).toMatch(/^\$\{aws_cloudwatch_event_rule\./);
    }
  });

  it('has the alerts topic, subscribed by email only when configured', () => {
    expect(namesOf('aws_sns_topic', 'name')).toEqual([names.topics.alerts]);
    expect(stack.resources('aws_sns_topic_subscription')).toHaveLength(
      config.alertEmail === undefined ? 0 : 1,
    );
  });

  it('has the Glue database (the Iceberg tables are checked in catalog.test.ts)', () => {
    expect(namesOf('aws_glue_catalog_database', 'name')).toEqual([names.glue.database]);
  });

  it('has the Athena workgroup writing results to the artifacts bucket', () => {
    const workgroup = stack.one('aws_athena_workgroup', () => true);
    expect(workgroup.name).toBe(names.athenaWorkgroup);
    expect(JSON.stringify(workgroup.configuration)).toContain('/athena-results/');
  });

  it('sends objects created under raw/ to the ingest queue, from that bucket only', () => {
    const notification = stack.one('aws_s3_bucket_notification', () => true);
    expect(notification.queue).toEqual([
      expect.objectContaining({ events: ['s3:ObjectCreated:*'], filter_prefix: 'raw/' }),
    ]);
    const policy = stack.one('aws_sqs_queue_policy', () => true);
    const text = String(policy.policy);
    expect(text).toContain('"Service":"s3.amazonaws.com"');
    expect(text).toContain('"aws:SourceArn"');
    expect(text).toContain('"aws:SourceAccount"');
  });
});
