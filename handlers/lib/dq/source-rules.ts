import { z } from 'zod';
import type { SourceContract } from '../contract/contract';
import { dqRulesSchema, type DqRule } from './rules';

/** A per-environment change of one rule: its threshold (`min` or `max`) and/or its level. */
const ruleOverrideSchema = z
  .object({
    min: z.number().int().min(0).optional(),
    max: z.number().min(0).max(1).optional(),
    severity: z.enum(['hard', 'warn']).optional(),
  })
  .strict();

/**
 * Per-environment DQ overrides, by source and rule id: the contract holds the reviewed rules,
 * the stack config of an environment only loosens or tightens their thresholds (a dev account
 * fed with samples may warn where prod holds the date).
 */
export const dqOverridesSchema = z.record(z.string(), z.record(z.string(), ruleOverrideSchema));
export type DqOverrides = z.output<typeof dqOverridesSchema>;

/**
 * What is wrong with `overrides` against the contracts: an unknown source or rule, or a
 * threshold the rule does not have. The synth refuses a config with any, naming the entry.
 */
export function overrideProblems(
  overrides: DqOverrides,
  contracts: readonly SourceContract[],
): string[] {
  const problems: string[] = [];
  for (const [source, rules] of Object.entries(overrides)) {
    const contract = contracts.find((c) => c.source === source);
    if (!contract) {
      problems.push(`dqOverrides.${source}: no contract for source ${source}`);
      continue;
    }
    for (const [id, o] of Object.entries(rules)) {
      const rule = contract.dq.find((r) => r.id === id);
      if (!rule) problems.push(`dqOverrides.${source}.${id}: source ${source} has no rule ${id}`);
      else if (o.min !== undefined && rule.kind !== 'min_rows')
        problems.push(`dqOverrides.${source}.${id}: rule ${id} (${rule.kind}) has max, not min`);
      else if (o.max !== undefined && rule.kind === 'min_rows')
        problems.push(`dqOverrides.${source}.${id}: rule ${id} (min_rows) has min, not max`);
    }
  }
  return problems;
}

/**
 * The rules a run of `contract`'s source is gated by: `replaceAll` when set (DQ_RULES, a test
 * or drill knob), else the contract's rules with the environment's overrides applied.
 */
export function rulesFor(
  contract: SourceContract,
  overrides: DqOverrides = {},
  replaceAll?: readonly DqRule[],
): DqRule[] {
  if (replaceAll) return [...replaceAll];
  const own = overrides[contract.source] ?? {};
  return dqRulesSchema.parse(contract.dq.map((rule) => ({ ...rule, ...(own[rule.id] ?? {}) })));
}

/** The rules of `contract`'s source under a handler's config (its DQ_RULES and DQ_OVERRIDES). */
export const rulesOf = (
  config: { readonly dqRules?: readonly DqRule[] | undefined; readonly dqOverrides: DqOverrides },
  contract: SourceContract,
): DqRule[] => rulesFor(contract, config.dqOverrides, config.dqRules);
