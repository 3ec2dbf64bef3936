import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { ALERT_KINDS, type Alert } from '../../../handlers/lib/alerts/alert-message';
import { PipelineError } from '../../../handlers/lib/errors/pipeline-error';

/** The alerts inbox does not exist on the target (the stack was not provisioned locally). */
export class AlertsInboxMissingError extends PipelineError {}

const alertSchema = z.object({
  kind: z.enum(ALERT_KINDS),
  subject: z.string(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});

/** SNS's envelope, when a subscription was made without raw delivery. */
const envelopeSchema = z.object({ Type: z.literal('Notification'), Message: z.string() });

/** One message of the inbox: an alert, or a body that is not one (shown, never dropped). */
export type InboxEntry =
  | { readonly ok: true; readonly alert: Alert; readonly messageId: string }
  | { readonly ok: false; readonly body: string; readonly messageId: string };

/** Reads an inbox message body: the alert JSON (raw delivery) or an SNS envelope around it. */
export function parseInboxBody(body: string, messageId: string): InboxEntry {
  try {
    let json: unknown = JSON.parse(body);
    const envelope = envelopeSchema.safeParse(json);
    if (envelope.success) json = JSON.parse(envelope.data.Message);
    const alert = alertSchema.safeParse(json);
    if (alert.success) return { ok: true, alert: alert.data, messageId };
  } catch {
    // not JSON: reported as unreadable below
  }
  return { ok: false, body, messageId };
}

/** The URL of the inbox queue, or {@link AlertsInboxMissingError}. */
export async function inboxUrl(sqs: SQSClient, queueName: string): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    return QueueUrl!;
  } catch (err) {
    if (err instanceof QueueDoesNotExist || (err as Error).name.includes('NonExistentQueue')) {
      throw new AlertsInboxMissingError(`no alerts inbox queue ${queueName}`, {
        cause: err,
        context: { queueName },
      });
    }
    throw err;
  }
}

/**
 * Every message of the inbox, newest alert first, without consuming them: messages are received
 * with a visibility timeout (so each is seen once while listing) and made visible again at once,
 * so the next reader sees them too; SQS keeps them for the queue's retention (14 days). Two
 * readers at the same moment may each miss what the other holds for those seconds.
 */
export async function peekInbox(sqs: SQSClient, queueUrl: string): Promise<InboxEntry[]> {
  const seen = new Map<string, { entry: InboxEntry; handle: string }>();
  for (let empty = 0; empty < 2;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 30,
        WaitTimeSeconds: 0,
      }),
    );
    empty = Messages.length === 0 ? empty + 1 : 0;
    for (const m of Messages) {
      const id = m.MessageId ?? m.ReceiptHandle ?? '';
      if (!seen.has(id)) {
        seen.set(id, { entry: parseInboxBody(m.Body ?? '', id), handle: m.ReceiptHandle ?? '' });
      }
    }
  }
  const handles = [...seen.values()].map((s) => s.handle).filter((h) => h !== '');
  for (let i = 0; i < handles.length; i += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: handles
          .slice(i, i + 10)
          .map((h, j) => ({ Id: String(j), ReceiptHandle: h, VisibilityTimeout: 0 })),
      }),
    );
  }
  const time = (e: InboxEntry): string => (e.ok ? e.alert.occurredAt : '');
  return [...seen.values()].map((s) => s.entry).sort((a, b) => time(b).localeCompare(time(a)));
}
