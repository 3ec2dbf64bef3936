import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  SubscribeCommand,
  paginateListTopics,
} from '@aws-sdk/client-sns';
import { z } from 'zod';
import type { ResourceApplier } from './types';

const topicBody = z.object({ name: z.string() });

/** aws_sns_topic: the alerts topic. */
export const snsTopic: ResourceApplier = {
  type: 'aws_sns_topic',
  async apply(body, { clients, region, accountId }) {
    const { name } = topicBody.parse(body);
    const arn = `arn:aws:sns:${region}:${accountId}:${name}`;
    let exists = false;
    for await (const page of paginateListTopics({ client: clients.sns }, {})) {
      if ((page.Topics ?? []).some((t) => t.TopicArn === arn)) exists = true;
    }
    if (!exists) await clients.sns.send(new CreateTopicCommand({ Name: name }));
    return { outcome: exists ? 'unchanged' : 'created', attributes: { id: arn, arn, name } };
  },
};

const subscriptionBody = z.object({
  topic_arn: z.string(),
  protocol: z.string(),
  endpoint: z.string(),
  raw_message_delivery: z.boolean().optional(),
});

/** aws_sns_topic_subscription: e.g. the alert e-mail (the emulator records it, sends nothing). */
export const snsTopicSubscription: ResourceApplier = {
  type: 'aws_sns_topic_subscription',
  async apply(body, { clients }) {
    const s = subscriptionBody.parse(body);
    const current = await clients.sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: s.topic_arn }),
    );
    const found = (current.Subscriptions ?? []).find(
      (x) => x.Protocol === s.protocol && x.Endpoint === s.endpoint,
    );
    if (found?.SubscriptionArn)
      return {
        outcome: 'unchanged',
        attributes: { id: found.SubscriptionArn, arn: found.SubscriptionArn },
      };
    const created = await clients.sns.send(
      new SubscribeCommand({
        TopicArn: s.topic_arn,
        Protocol: s.protocol,
        Endpoint: s.endpoint,
        ReturnSubscriptionArn: true,
        ...(s.raw_message_delivery ? { Attributes: { RawMessageDelivery: 'true' } } : {}),
      }),
    );
    return {
      outcome: 'created',
      attributes: { id: created.SubscriptionArn!, arn: created.SubscriptionArn! },
    };
  },
};
