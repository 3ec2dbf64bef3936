import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../../../handlers/lib/aws/clients';
import {
  referencedAddresses,
  resolveReferences,
  type ResolvedAttributes,
} from '../stack/references';
import { stackResources, type StackJson, type StackResource } from '../stack/stack-json';
import { dynamodbTable } from './dynamodb';
import { eventRule, eventTarget } from './events';
import { NOT_PROVISIONED } from './not-provisioned';
import { ProvisionError } from './provision-error';
import { s3Bucket, s3BucketNotification, s3BucketVersioning } from './s3';
import { snsTopic, snsTopicSubscription } from './sns';
import { sqsQueue, sqsQueuePolicy } from './sqs';
import type { Outcome, ProvisionContext, ResourceApplier } from './types';

/** Resource types the provisioner creates on an emulator. */
export const APPLIERS: ReadonlyMap<string, ResourceApplier> = new Map(
  [
    s3Bucket,
    s3BucketVersioning,
    s3BucketNotification,
    sqsQueue,
    sqsQueuePolicy,
    snsTopic,
    snsTopicSubscription,
    dynamodbTable,
    eventRule,
    eventTarget,
  ].map((a) => [a.type, a]),
);

export interface ProvisionReport {
  readonly applied: ReadonlyArray<{ address: string; outcome: Outcome }>;
  /** Types skipped on purpose, with counts and the reason. */
  readonly notProvisioned: ReadonlyArray<{ type: string; count: number; reason: string }>;
  /** Types the provisioner does not know: skipped, listed so nobody mistakes them for created. */
  readonly unsupported: ReadonlyArray<{ type: string; count: number }>;
  /** Attributes of every resolved resource (`url`, `arn`...), for the local runtime. */
  readonly attributes: ResolvedAttributes;
  /** True when anything was created or updated. */
  readonly changed: boolean;
}

const countByType = (resources: readonly StackResource[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return counts;
};

/** Attributes Terraform would know for resources that are not created locally but referenced. */
function synthesizedAttributes(
  r: StackResource,
  ctx: ProvisionContext,
): Record<string, string> | undefined {
  if (r.type === 'aws_lambda_function' && typeof r.body.function_name === 'string') {
    const name = r.body.function_name;
    return {
      function_name: name,
      arn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`,
    };
  }
  return undefined;
}

/**
 * Creates on an emulator what a synthesized stack declares (never a second hand-written list of
 * resources), in dependency order, resolving Terraform references as `apply` would. Idempotent:
 * every applier compares before it writes, so a second run reports everything unchanged.
 */
export async function provisionStack(
  stack: StackJson,
  clients: AwsClients,
  region: string,
  onApplied: (address: string, outcome: Outcome) => void = () => undefined,
): Promise<ProvisionReport> {
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  const ctx: ProvisionContext = { clients, region, accountId: identity.Account! };
  const attributes = new Map<string, Record<string, string>>();
  for (const [id] of Object.entries(stack.data?.aws_caller_identity ?? {})) {
    attributes.set(`data.aws_caller_identity.${id}`, { account_id: ctx.accountId });
  }
  const resources = stackResources(stack);
  for (const r of resources) {
    const synthesized = synthesizedAttributes(r, ctx);
    if (synthesized) attributes.set(r.address, synthesized);
  }
  let pending = resources.filter((r) => APPLIERS.has(r.type));
  const applied: Array<{ address: string; outcome: Outcome }> = [];
  while (pending.length > 0) {
    const ready = pending.filter((r) =>
      [...referencedAddresses(r.body)].every((a) => attributes.has(a)),
    );
    if (ready.length === 0) {
      const missing = pending.flatMap((r) =>
        [...referencedAddresses(r.body)]
          .filter((a) => !attributes.has(a))
          .map((a) => `${r.address} -> ${a}`),
      );
      throw new ProvisionError(`cannot resolve references of the stack: ${missing.join(', ')}`);
    }
    for (const r of ready) {
      const result = await APPLIERS.get(r.type)!.apply(resolveReferences(r.body, attributes), ctx);
      attributes.set(r.address, { ...result.attributes });
      applied.push({ address: r.address, outcome: result.outcome });
      onApplied(r.address, result.outcome);
    }
    pending = pending.filter((r) => !ready.includes(r));
  }
  const skipped = countByType(resources.filter((r) => !APPLIERS.has(r.type)));
  return {
    applied,
    notProvisioned: [...skipped]
      .filter(([type]) => NOT_PROVISIONED[type])
      .map(([type, count]) => ({ type, count, reason: NOT_PROVISIONED[type]! })),
    unsupported: [...skipped]
      .filter(([type]) => !NOT_PROVISIONED[type])
      .map(([type, count]) => ({ type, count })),
    attributes,
    changed: applied.some((a) => a.outcome !== 'unchanged'),
  };
}
