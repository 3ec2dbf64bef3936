import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { ProvisionContext, ResourceApplier } from './types';

const queueBody = z.object({
  name: z.string(),
  visibility_timeout_seconds: z.number().optional(),
  message_retention_seconds: z.number().optional(),
  delay_seconds: z.number().optional(),
  receive_wait_time_seconds: z.number().optional(),
  max_message_size: z.number().optional(),
  redrive_policy: z.string().optional(),
  sqs_managed_sse_enabled: z.boolean().optional(),
});

/** Terraform argument -> SQS attribute name, for the arguments the pipeline's queues use. */
const ATTRIBUTE_OF = {
  visibility_timeout_seconds: 'VisibilityTimeout',
  message_retention_seconds: 'MessageRetentionPeriod',
  delay_seconds: 'DelaySeconds',
  receive_wait_time_seconds: 'ReceiveMessageWaitTimeSeconds',
  max_message_size: 'MaximumMessageSize',
  redrive_policy: 'RedrivePolicy',
  sqs_managed_sse_enabled: 'SqsManagedSseEnabled',
} as const;

/** Policies compare as parsed JSON with every scalar as a string (emulators differ there). */
const normalizeJson = (text: string): string =>
  JSON.stringify(JSON.parse(text), (_k, v: unknown) =>
    typeof v === 'number' || typeof v === 'boolean' ? String(v) : v,
  );
const same = (name: string, a: string | undefined, b: string): boolean =>
  a !== undefined && (name.endsWith('Policy') ? normalizeJson(a) === normalizeJson(b) : a === b);

async function existingUrl(
  name: string,
  { clients }: ProvisionContext,
): Promise<string | undefined> {
  try {
    return (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (err) {
    if (
      err instanceof QueueDoesNotExist ||
      (err as { name?: string }).name === 'AWS.SimpleQueueService.NonExistentQueue'
    ) {
      return undefined;
    }
    throw err;
  }
}

/** aws_sqs_queue: created with its attributes (redrive to the DLQ included) or converged to them. */
export const sqsQueue: ResourceApplier = {
  type: 'aws_sqs_queue',
  async apply(body, ctx) {
    const parsed = queueBody.parse(body);
    const wanted: Record<string, string> = {};
    for (const [arg, attribute] of Object.entries(ATTRIBUTE_OF)) {
      const value = parsed[arg as keyof typeof ATTRIBUTE_OF];
      if (value !== undefined) wanted[attribute] = String(value);
    }
    const arn = `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${parsed.name}`;
    let url = await existingUrl(parsed.name, ctx);
    let outcome: 'created' | 'updated' | 'unchanged' = 'unchanged';
    if (!url) {
      url = (
        await ctx.clients.sqs.send(
          new CreateQueueCommand({ QueueName: parsed.name, Attributes: wanted }),
        )
      ).QueueUrl!;
      outcome = 'created';
    } else {
      const current: Record<string, string | undefined> =
        (
          await ctx.clients.sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
          )
        ).Attributes ?? {};
      const changed = Object.fromEntries(
        Object.entries(wanted).filter(([k, v]) => !same(k, current[k], v)),
      );
      if (Object.keys(changed).length > 0) {
        await ctx.clients.sqs.send(
          new SetQueueAttributesCommand({ QueueUrl: url, Attributes: changed }),
        );
        outcome = 'updated';
      }
    }
    return { outcome, attributes: { id: url, url, arn, name: parsed.name } };
  },
};

const policyBody = z.object({ queue_url: z.string(), policy: z.string() });

/** aws_sqs_queue_policy: who may send to the queue (the raw bucket, for notifications). */
export const sqsQueuePolicy: ResourceApplier = {
  type: 'aws_sqs_queue_policy',
  async apply(body, { clients }) {
    const { queue_url: QueueUrl, policy } = policyBody.parse(body);
    const current = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }),
    );
    const attributes = { id: QueueUrl };
    if (same('Policy', current.Attributes?.Policy, policy))
      return { outcome: 'unchanged', attributes };
    await clients.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policy } }),
    );
    return { outcome: current.Attributes?.Policy ? 'updated' : 'created', attributes };
  },
};
