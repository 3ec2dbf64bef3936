import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import type { ResourceNames } from '../../handlers/lib/names';
import { alarmName } from '../../handlers/lib/names';
import type { EnvConfig } from '../config/schema';

/** A work queue, its DLQ, the name used in alarms and the oldest message age it tolerates. */
export interface WatchedQueue {
  /** Stable construct id (independent of the prefix, so Terraform addresses do not move). */
  readonly id: string;
  readonly queueName: string;
  readonly dlqName: string;
  readonly queue: SqsQueue;
  readonly dlq: SqsQueue;
  readonly maxAgeSeconds: number;
}

/** A function and its name, watched for errors and throttles. */
export interface WatchedFunction {
  readonly id: string;
  readonly name: string;
  readonly function: LambdaFunction;
}

/**
 * The alerts topic (with the optional email subscription) and the alarms that publish to it:
 * any message in a DLQ, a queue whose oldest message is too old (the pipeline is stuck or too
 * slow), and Lambda errors and throttles. Missing data counts as OK: an idle pipeline is fine.
 */
export class PipelineAlerts extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, names: ResourceNames, config: EnvConfig) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', { name: names.topics.alerts });
    if (config.alertEmail !== undefined) {
      new SnsTopicSubscription(this, 'email', {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: config.alertEmail,
      });
    }
  }

  /** Alarms on a queue's DLQ depth and on the age of the queue's oldest message. */
  watchQueue(config: EnvConfig, q: WatchedQueue): void {
    this.alarm(config, `${q.id}-dlq-not-empty`, {
      alarmName: alarmName(q.dlqName, 'not-empty'),
      alarmDescription: `Messages in ${q.dlqName}: inspect them, fix the cause, redrive.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: q.dlq.name },
      statistic: 'Maximum',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
      evaluationPeriods: 1,
    });
    this.alarm(config, `${q.id}-oldest-message-age`, {
      alarmName: alarmName(q.queueName, 'oldest-message-age'),
      alarmDescription: `Oldest message in ${q.queueName} older than ${q.maxAgeSeconds}s: consumers are failing or too slow.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: q.queue.name },
      statistic: 'Maximum',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: q.maxAgeSeconds,
      evaluationPeriods: config.alarms.evaluationPeriods,
    });
  }

  /** Alarms on a function's errors and throttles. */
  watchFunction(config: EnvConfig, f: WatchedFunction): void {
    this.alarm(config, `${f.id}-errors`, {
      alarmName: alarmName(f.name, 'errors'),
      alarmDescription: `${f.name} invocations failed.`,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: f.function.functionName },
      statistic: 'Sum',
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: config.alarms.lambdaErrorsThreshold,
      evaluationPeriods: config.alarms.evaluationPeriods,
    });
    this.alarm(config, `${f.id}-throttles`, {
      alarmName: alarmName(f.name, 'throttles'),
      alarmDescription: `${f.name} was throttled: reserved concurrency too low for the load.`,
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      dimensions: { FunctionName: f.function.functionName },
      statistic: 'Sum',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
      evaluationPeriods: config.alarms.evaluationPeriods,
    });
  }

  private alarm(
    config: EnvConfig,
    id: string,
    props: {
      alarmName: string;
      alarmDescription: string;
      namespace: string;
      metricName: string;
      dimensions: Record<string, string>;
      statistic: string;
      comparisonOperator: string;
      threshold: number;
      evaluationPeriods: number;
    },
  ): void {
    new CloudwatchMetricAlarm(this, id, {
      ...props,
      period: config.alarms.periodSeconds,
      treatMissingData: 'notBreaching',
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
    });
  }
}
