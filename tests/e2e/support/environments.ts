import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ENV_VARS, type FunctionKey } from '../../../handlers/lib/names';
import type { LocalDeployment } from '../../../scripts/local/deployment';

/** Every function of the deployment with LOG_LEVEL=ERROR, so test output stays readable. */
export function quietEnv(
  deployment: LocalDeployment,
): Partial<Record<FunctionKey, Record<string, string>>> {
  const keys = Object.keys(deployment.functionEnv) as FunctionKey[];
  return Object.fromEntries(keys.map((k) => [k, { [ENV_VARS.logLevel]: 'ERROR' }]));
}

/** A provisioned queue's URL and the maxReceiveCount of its redrive policy. */
export async function queueRedrive(
  sqs: SQSClient,
  queueName: string,
): Promise<{ url: string; maxReceiveCount: number }> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['RedrivePolicy'] }),
  );
  const policy = JSON.parse(Attributes.RedrivePolicy ?? '{}') as { maxReceiveCount?: unknown };
  const maxReceiveCount = Number(policy.maxReceiveCount);
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) {
    throw new Error(`queue ${queueName} has no redrive policy`);
  }
  return { url: QueueUrl!, maxReceiveCount };
}
