import { SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import type { Alert } from '../../../handlers/lib/alerts/alert-message';
import type { AwsClients } from '../../../handlers/lib/aws/clients';
import { ENV_VARS } from '../../../handlers/lib/names';
import type { LocalDeployment } from '../../../scripts/local/deployment';

/**
 * Subscribes a fresh queue to the deployment's alerts topic (raw delivery: each body is the
 * alert JSON) and returns a reader that collects everything published since, as a subscriber
 * (an on-call mailbox) would see it.
 */
export async function subscribeToAlerts(
  clients: Pick<AwsClients, 'sqs' | 'sns'>,
  deployment: LocalDeployment,
  name: string,
): Promise<() => Promise<Alert[]>> {
  const topicArn = deployment.functionEnv.transform[ENV_VARS.alertsTopicArn]!;
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes = {} } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes.QueueArn!;
  await clients.sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl,
      Attributes: {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
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
  await clients.sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  const seen: Alert[] = [];
  return async () => {
    for (;;) {
      const { Messages = [] } = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (Messages.length === 0) return [...seen];
      // The reader consumes what it read and remembers it, so each call returns all so far.
      for (const m of Messages) seen.push(JSON.parse(m.Body ?? '{}') as Alert);
      await clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
  };
}
