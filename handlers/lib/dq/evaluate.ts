import type { DqRule } from './rules';

/** Run totals and per-rule counts (see ruleCountsSql) that the rules are evaluated on. */
export interface DqInputs {
  /** Rows read: accepted plus rejected. */
  readonly rowsRead: number;
  readonly rejectedRows: number;
  /** Accepted rows before deduplication. */
  readonly acceptedRows: number;
  /** `rule_<index>` counts from the aggregate query, by rule index. */
  readonly ruleCounts: ReadonlyMap<number, number>;
  /**
   * Duplicates seen, when counted directly: a date's curated rows hold no duplicate, so over a
   * date the rule counts the rows its commits refused as duplicates, not distinct keys.
   */
  readonly duplicateRows?: number;
}

/** The outcome of one rule, as the metrics document and the alert show it. */
export interface RuleResult {
  readonly id: string;
  readonly kind: DqRule['kind'];
  readonly severity: 'hard' | 'warn';
  readonly value: number;
  readonly threshold: number;
  readonly passed: boolean;
  /** One sentence a person can act on. */
  readonly message: string;
  /** Set when an operator accepted this hard rule for the date: it then counts as a warning. */
  readonly accepted?: { readonly by: string; readonly reason: string; readonly at: string };
}

/** An operator's acceptance of one hard rule on one date (`pipeline dq accept`). */
export interface RuleAcceptance {
  readonly rule: string;
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function evaluateOne(rule: DqRule, index: number, inputs: DqInputs): RuleResult {
  const count = inputs.ruleCounts.get(index) ?? 0;
  const base = { id: rule.id, kind: rule.kind, severity: rule.severity };
  switch (rule.kind) {
    case 'min_rows': {
      const passed = inputs.acceptedRows >= rule.min;
      return {
        ...base,
        value: inputs.acceptedRows,
        threshold: rule.min,
        passed,
        message: `${inputs.acceptedRows} accepted rows (minimum ${rule.min})`,
      };
    }
    case 'max_null_rate': {
      const value = ratio(count, inputs.acceptedRows);
      return {
        ...base,
        value,
        threshold: rule.max,
        passed: value <= rule.max,
        message: `${rule.column} is null in ${count} of ${inputs.acceptedRows} rows (${pct(value)}, max ${pct(rule.max)})`,
      };
    }
    case 'accepted_values': {
      const value = ratio(count, inputs.acceptedRows);
      return {
        ...base,
        value,
        threshold: rule.max,
        passed: value <= rule.max,
        message: `${rule.column} is outside {${rule.values.join(', ')}} in ${count} of ${inputs.acceptedRows} rows (${pct(value)}, max ${pct(rule.max)})`,
      };
    }
    case 'max_duplicate_rate': {
      const duplicates = inputs.duplicateRows ?? Math.max(0, inputs.acceptedRows - count);
      const value = ratio(duplicates, inputs.acceptedRows);
      return {
        ...base,
        value,
        threshold: rule.max,
        passed: value <= rule.max,
        message: `${duplicates} duplicate ${rule.column} rows of ${inputs.acceptedRows} (${pct(value)}, max ${pct(rule.max)})`,
      };
    }
    case 'max_reject_rate': {
      const value = ratio(inputs.rejectedRows, inputs.rowsRead);
      return {
        ...base,
        value,
        threshold: rule.max,
        passed: value <= rule.max,
        message: `${inputs.rejectedRows} of ${inputs.rowsRead} rows rejected (${pct(value)}, max ${pct(rule.max)})`,
      };
    }
  }
}

/**
 * Evaluates every rule; pure, so thresholds are tested without data. A hard rule an operator
 * accepted for the date is evaluated as usual and then counts as a warning, carrying who
 * accepted it and why, so the date publishes and its record still shows the measured failure.
 */
export function evaluateRules(
  rules: readonly DqRule[],
  inputs: DqInputs,
  acceptances: readonly RuleAcceptance[] = [],
): RuleResult[] {
  const accepted = new Map(acceptances.map((a) => [a.rule, a]));
  return rules.map((rule, i) => {
    const result = evaluateOne(rule, i, inputs);
    const a = accepted.get(rule.id);
    if (!a || result.severity !== 'hard') return result;
    return { ...result, severity: 'warn', accepted: { by: a.by, reason: a.reason, at: a.at } };
  });
}

/** The hard rules that failed: a non-empty list means no curated write. */
export function hardFailures(results: readonly RuleResult[]): RuleResult[] {
  return results.filter((r) => !r.passed && r.severity === 'hard');
}
