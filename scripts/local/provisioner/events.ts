import { createHash } from 'node:crypto';
import {
  DescribeRuleCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import type { ResourceApplier } from './types';

const ruleBody = z.object({
  name: z.string(),
  description: z.string().optional(),
  schedule_expression: z.string().optional(),
  event_pattern: z.string().optional(),
  state: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
});

/**
 * aws_cloudwatch_event_rule: stored on the emulator so tools can list it. The emulator never
 * fires schedules; the local runtime does, from the same stack.
 */
export const eventRule: ResourceApplier = {
  type: 'aws_cloudwatch_event_rule',
  async apply(body, { clients }) {
    const r = ruleBody.parse(body);
    let current;
    try {
      current = await clients.events.send(new DescribeRuleCommand({ Name: r.name }));
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
    }
    const same =
      current &&
      current.ScheduleExpression === r.schedule_expression &&
      current.EventPattern === r.event_pattern &&
      current.State === r.state &&
      (current.Description ?? undefined) === r.description;
    const attributes = { id: r.name, name: r.name, arn: current?.Arn ?? '' };
    if (same) return { outcome: 'unchanged', attributes };
    const put = await clients.events.send(
      new PutRuleCommand({
        Name: r.name,
        Description: r.description,
        ScheduleExpression: r.schedule_expression,
        EventPattern: r.event_pattern,
        State: r.state,
      }),
    );
    return {
      outcome: current ? 'updated' : 'created',
      attributes: { ...attributes, arn: put.RuleArn ?? '' },
    };
  },
};

const targetBody = z.object({
  rule: z.string(),
  arn: z.string(),
  input: z.string().optional(),
  target_id: z.string().optional(),
});

/** aws_cloudwatch_event_target: what a rule invokes, with its constant input. */
export const eventTarget: ResourceApplier = {
  type: 'aws_cloudwatch_event_target',
  async apply(body, { clients }) {
    const t = targetBody.parse(body);
    // Terraform generates an id when none is given; a stable one keeps reruns idempotent.
    const id = t.target_id ?? createHash('sha256').update(t.arn).digest('hex').slice(0, 16);
    const current = await clients.events.send(new ListTargetsByRuleCommand({ Rule: t.rule }));
    const found = (current.Targets ?? []).find((x) => x.Id === id);
    const attributes = { id: `${t.rule}-${id}` };
    if (found && found.Arn === t.arn && found.Input === t.input)
      return { outcome: 'unchanged', attributes };
    await clients.events.send(
      new PutTargetsCommand({ Rule: t.rule, Targets: [{ Id: id, Arn: t.arn, Input: t.input }] }),
    );
    return { outcome: found ? 'updated' : 'created', attributes };
  },
};
