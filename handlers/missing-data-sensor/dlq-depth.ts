import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { Alert } from '../lib/alerts/alert-message';
import { isLiveRecord } from '../lib/tracking/alert-records';
import { alertOnce, currentRecord, recordQuietly } from './alert-once';
import { dlqDecision } from './decisions';
import type { SensorDeps } from './dependencies';
import { clock } from './dependencies';
import { DlqDepthError } from './errors';

/** A dead-letter queue the sensor watches. */
export interface WatchedDlq {
  readonly queue: 'ingest' | 'manifest';
  readonly url: string;
}

/** What the sensor found in one DLQ. */
export interface DlqCheck {
  readonly queue: WatchedDlq['queue'];
  readonly queueName: string;
  readonly depth: number;
  readonly outcome: 'alerted' | 'recorded' | 'unchanged' | 'in-flight' | 'lost-race';
}

/** The queue name is the last path segment of its URL, on AWS and on emulators. */
export const queueNameOf = (url: string): string => url.replace(/\/+$/, '').split('/').pop() ?? url;

export const dlqScope = (queueName: string): string => `dlq_messages#${queueName}`;

/** Messages in the DLQ, visible or being inspected (in flight). */
export async function dlqDepth(d: SensorDeps, url: string): Promise<number> {
  try {
    const { Attributes = {} } = await d.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  } catch (err) {
    throw new DlqDepthError(`cannot read the depth of ${url}`, { cause: err, context: { url } });
  }
}

/** The alert of a DLQ backlog: how many, how it changed, what to do. */
export function dlqAlert(
  d: SensorDeps,
  dlq: WatchedDlq,
  depth: number,
  previous: number,
  now: Date,
): Alert {
  const queueName = queueNameOf(dlq.url);
  const redrive = `pipeline redrive --queue ${dlq.queue} --env ${d.config.env}`;
  return {
    kind: 'dlq_messages',
    subject: `${depth} message(s) in dead-letter queue ${queueName}`,
    summary:
      `${depth} message(s) are in ${queueName} (${previous} at the last check): they failed ` +
      `every retry of the ${dlq.queue} queue and are not being processed. Inspect them, fix the ` +
      `cause, then move them back with: ${redrive}`,
    details: {
      env: d.config.env,
      queue: dlq.queue,
      queueName,
      queueUrl: dlq.url,
      depth,
      previous,
      redrive,
    },
    occurredAt: now.toISOString(),
  };
}

/** Checks one DLQ: alerts when its backlog grew since the last check, once per growth. */
export async function checkDlq(d: SensorDeps, dlq: WatchedDlq): Promise<DlqCheck> {
  const queueName = queueNameOf(dlq.url);
  const depth = await dlqDepth(d, dlq.url);
  const scope = dlqScope(queueName);
  const record = await currentRecord(d, scope);
  const now = clock(d);
  const decision = dlqDecision(record, depth, now);
  const result = (outcome: DlqCheck['outcome']): DlqCheck => ({
    queue: dlq.queue,
    queueName,
    depth,
    outcome,
  });
  if (decision === 'none') return result('unchanged');
  if (decision === 'in-flight') return result('in-flight');
  const write = { scope, alertKind: 'dlq_messages' as const, observed: depth };
  if (decision === 'record') {
    return result((await recordQuietly(d, write, record)) ? 'recorded' : 'lost-race');
  }
  const previous =
    isLiveRecord(record, now) && record.state !== 'PENDING' ? (record.observed ?? 0) : 0;
  const alert = dlqAlert(d, dlq, depth, previous, now);
  const sent = await alertOnce(d, { ...write, alert }, record);
  return result(sent === 'sent' ? 'alerted' : 'lost-race');
}
