import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { PipelineError } from '../errors/pipeline-error';

/** What an alert is about; subscribers filter on it (message attribute `kind`). */
export const ALERT_KINDS = [
  'dq_failure',
  'input_unreadable',
  'input_refused',
  'no_contract',
  'missing_data',
  'dlq_messages',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One alert: a subject a person reads in a mail client, and structured details for tools. */
export interface Alert {
  readonly kind: AlertKind;
  /** Short, human-readable; trimmed to SNS's 100-character subject limit. */
  readonly subject: string;
  /** One paragraph saying what happened and what was (not) changed. */
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly occurredAt: string;
}

/** Publishing an alert failed. */
export class AlertPublishError extends PipelineError {}

const SUBJECT_MAX = 100;

/**
 * The SNS message of an alert: JSON body (`kind`, `subject`, `summary`, `details`,
 * `occurredAt`), a Subject that is printable ASCII within SNS limits, and a `kind` attribute
 * for subscription filters. One format for the transform, the sensor and the DLQ alerts.
 */
export function alertPublishInput(topicArn: string, alert: Alert) {
  const ascii = alert.subject.replace(/[^\x20-\x7e]/g, '?');
  const subject = ascii.length > SUBJECT_MAX ? `${ascii.slice(0, SUBJECT_MAX - 3)}...` : ascii;
  return {
    TopicArn: topicArn,
    Subject: subject,
    Message: JSON.stringify(alert),
    MessageAttributes: { kind: { DataType: 'String', StringValue: alert.kind } },
  };
}

/** Publishes an alert; SDK failures become {@link AlertPublishError} naming the topic. */
export async function publishAlert(sns: SNSClient, topicArn: string, alert: Alert): Promise<void> {
  try {
    await sns.send(new PublishCommand(alertPublishInput(topicArn, alert)));
  } catch (err) {
    throw new AlertPublishError(`cannot publish alert "${alert.subject}" to ${topicArn}`, {
      cause: err,
      context: { topicArn, kind: alert.kind },
    });
  }
}
