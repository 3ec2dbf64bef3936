/**
 * The alerts inbox of emulator targets: an SQS queue subscribed to the alerts topic, so
 * `pipeline alerts` can show what was published (there is no e-mail on an emulator). Created by
 * the local tools only, never by the stacks: on AWS, alerts go to the topic's real subscribers.
 */
import {
  ListSubscriptionsByTopicCommand,
  SubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { alertsInboxQueueName, type ResourceNames } from '../../handlers/lib/names';

/** SQS's longest retention: the inbox keeps alerts 14 days. */
const RETENTION_SECONDS = 14 * 86_400;

/** The inbox queue and its subscription to the alerts topic. */
export interface AlertsInbox {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly subscriptionArn: string;
  readonly created: boolean;
}

/**
 * Creates (idempotently) the inbox queue, lets the topic send to it and subscribes it with raw
 * delivery, so each message body is the alert JSON itself.
 */
export async function ensureAlertsInbox(
  clients: { readonly sqs: SQSClient; readonly sns: SNSClient },
  names: ResourceNames,
  topicArn: string,
): Promise<AlertsInbox> {
  const { QueueUrl } = await clients.sqs.send(
    new CreateQueueCommand({
      QueueName: alertsInboxQueueName(names),
      Attributes: { MessageRetentionPeriod: String(RETENTION_SECONDS) },
    }),
  );
  const queueUrl = QueueUrl!;
  const { Attributes = {} } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes.QueueArn!;
  await clients.sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AlertsTopicSends',
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: queueArn,
              Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
            },
          ],
        }),
      },
    }),
  );
  const existing = await clients.sns.send(
    new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
  );
  const found = (existing.Subscriptions ?? []).find(
    (s) => s.Protocol === 'sqs' && s.Endpoint === queueArn && s.SubscriptionArn,
  );
  if (found?.SubscriptionArn) {
    return { queueUrl, queueArn, subscriptionArn: found.SubscriptionArn, created: false };
  }
  const sub = await clients.sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: { RawMessageDelivery: 'true' },
      ReturnSubscriptionArn: true,
    }),
  );
  return { queueUrl, queueArn, subscriptionArn: sub.SubscriptionArn!, created: true };
}
