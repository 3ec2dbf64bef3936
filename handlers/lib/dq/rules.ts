import { z } from 'zod';

const severity = z.enum(['hard', 'warn']).default('hard');
const rate = z.number().min(0).max(1);
const id = z.string().regex(/^[a-z0-9_]+$/, 'lowercase letters, digits and _');

/**
 * Data-quality rules, evaluated on the rows of one run. A `hard` rule that fails stops the
 * curated write; a `warn` rule is reported only. Rates are fractions (0.03 = 3%).
 */
export const dqRuleSchema = z.discriminatedUnion('kind', [
  /** Accepted rows (before deduplication) must be at least `min`. */
  z.object({ kind: z.literal('min_rows'), id, min: z.number().int().min(0), severity }),
  /** Share of accepted rows where `column` is null must be at most `max`. */
  z.object({
    kind: z.literal('max_null_rate'),
    id,
    column: z.string().min(1),
    max: rate,
    severity,
  }),
  /** Share of accepted rows whose `column` is outside `values` (null counts as outside). */
  z.object({
    kind: z.literal('accepted_values'),
    id,
    column: z.string().min(1),
    values: z.array(z.string()).min(1),
    max: rate,
    severity,
  }),
  /** Extra rows with an already-seen `column` value, over accepted rows, before dedup. */
  z.object({
    kind: z.literal('max_duplicate_rate'),
    id,
    column: z.string().min(1),
    max: rate,
    severity,
  }),
  /** Rejected rows over rows read. */
  z.object({ kind: z.literal('max_reject_rate'), id, max: rate, severity }),
]);
export type DqRule = z.output<typeof dqRuleSchema>;
export type DqRuleInput = z.input<typeof dqRuleSchema>;

export const dqRulesSchema = z
  .array(dqRuleSchema)
  .refine(
    (rules) => new Set(rules.map((r) => r.id)).size === rules.length,
    'rule ids must be unique',
  );
