import { ENVIRONMENTS, resourceNames } from '../../handlers/lib/names';
import { envConfig } from '../../stacks/config/env-configs';
import { record, ref, str, synth } from './support/synth-stack';

describe.each(ENVIRONMENTS)('%s queues', (env) => {
  const config = envConfig(env);
  const names = resourceNames(config.projectPrefix, env);
  const stack = synth(env);
  const queueId = (name: string): string => {
    const found = stack.resources('aws_sqs_queue').find(([, q]) => q.name === name);
    if (!found) throw new Error(`no queue ${name}`);
    return found[0];
  };
  const work = [
    {
      queue: names.queues.ingest,
      dlq: names.queues.ingestDlq,
      fn: names.functions.manifestBuilder,
    },
    { queue: names.queues.manifest, dlq: names.queues.manifestDlq, fn: names.functions.transform },
  ];

  it('encrypts every queue', () => {
    for (const [, queue] of stack.resources('aws_sqs_queue')) {
      expect(queue.sqs_managed_sse_enabled).toBe(true);
    }
  });

  it.each(work)('$queue redrives to its own DLQ', ({ queue, dlq }) => {
    const body = stack.one('aws_sqs_queue', (q) => q.name === queue);
    expect(JSON.parse(str(body.redrive_policy))).toEqual({
      deadLetterTargetArn: ref('aws_sqs_queue', queueId(dlq), 'arn'),
      maxReceiveCount: config.queues.maxReceiveCount,
    });
  });

  it.each(work)('$queue has a DLQ alarm and an age alarm', ({ queue, dlq }) => {
    const alarmsOn = (id: string) =>
      stack
        .resources('aws_cloudwatch_metric_alarm')
        .filter(([, a]) => record(a.dimensions).QueueName === ref('aws_sqs_queue', id, 'name'))
        .map(([, a]) => a.metric_name);
    expect(alarmsOn(queueId(dlq))).toEqual(['ApproximateNumberOfMessagesVisible']);
    expect(alarmsOn(queueId(queue))).toEqual(['ApproximateAgeOfOldestMessage']);
  });

  it.each(work)('$queue visibility timeout is at least 6x $fn timeout', ({ queue, fn }) => {
    const body = stack.one('aws_sqs_queue', (q) => q.name === queue);
    const lambda = stack.one('aws_lambda_function', (f) => f.function_name === fn);
    expect(Number(body.visibility_timeout_seconds)).toBeGreaterThanOrEqual(
      6 * Number(lambda.timeout),
    );
  });

  it.each(work)('$fn consumes $queue reporting partial batch failures', ({ queue, fn }) => {
    const mapping = stack.one(
      'aws_lambda_event_source_mapping',
      (m) => m.event_source_arn === ref('aws_sqs_queue', queueId(queue), 'arn'),
    );
    const [fnId] =
      stack.resources('aws_lambda_function').find(([, f]) => f.function_name === fn) ?? [];
    expect(mapping.function_name).toBe(ref('aws_lambda_function', fnId ?? '', 'arn'));
    expect(mapping.function_response_types).toEqual(['ReportBatchItemFailures']);
  });
});
