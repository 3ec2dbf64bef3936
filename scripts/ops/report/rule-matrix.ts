import type { ReportedMetrics } from './metrics-documents';
import { byFinish } from './run-order';

/**
 * A rule's outcome on a date: passed, failed a warning rule, failed a hard rule, or failed a
 * hard rule an operator accepted for the date (`pipeline dq accept`: published anyway).
 */
export type RuleVerdict = 'pass' | 'warn' | 'fail' | 'accepted';

/** How a rule's measured value reads: a row count (min_rows) or a share of rows. */
export type RuleValueFormat = 'count' | 'percent';

/** One rule on one date, as the date's latest run measured it. */
export interface RuleCell {
  readonly date: string;
  readonly verdict: RuleVerdict;
  readonly value: number;
  readonly threshold: number;
  /** The run whose evaluation this is. */
  readonly runId: string;
  readonly message: string;
  /** Who accepted the failed hard rule for the date, why and when (verdict `accepted`). */
  readonly accepted?: { readonly by: string; readonly reason: string; readonly at: string };
}

/** One rule across the report's dates. */
export interface RuleRow {
  readonly id: string;
  readonly kind: string;
  /** As the latest run that evaluated it had it (a contract change can move a rule to warn). */
  readonly severity: 'hard' | 'warn';
  readonly format: RuleValueFormat;
  /** A minimum (min_rows) is failed below its threshold; every other rule above it. */
  readonly bound: 'min' | 'max';
  /** One cell per date of the matrix, in its order; null where the rule did not run. */
  readonly cells: readonly (RuleCell | null)[];
}

/** The rule-by-date matrix of the report. */
export interface RuleMatrix {
  readonly dates: readonly string[];
  readonly rules: readonly RuleRow[];
}

/** Counts of the matrix's cells by verdict: what the summary cards show. */
export const verdictCounts = (m: RuleMatrix): Record<RuleVerdict, number> => {
  const counts = { pass: 0, warn: 0, fail: 0, accepted: 0 };
  for (const r of m.rules) for (const c of r.cells) if (c) counts[c.verdict]++;
  return counts;
};

const verdictOf = (r: ReportedMetrics['rules'][number]): RuleVerdict =>
  r.passed ? 'pass' : r.accepted ? 'accepted' : r.severity === 'warn' ? 'warn' : 'fail';

/**
 * Each rule's verdict per date, from the date's latest run. A run evaluates the rules on the
 * date as its commit leaves it (all of the date's rows, not only the run's), so the latest run's
 * values are the date's state now; an older run's values describe a date that no longer exists.
 * Rules are in the order the runs list them (the contract's order), a rule that only older runs
 * had after the rest.
 */
export function ruleMatrix(docs: readonly ReportedMetrics[]): RuleMatrix {
  const latest = new Map<string, ReportedMetrics>();
  for (const d of docs) {
    const seen = latest.get(d.ingestionDate);
    if (!seen || byFinish(seen, d) < 0) latest.set(d.ingestionDate, d);
  }
  const dates = [...latest.keys()].sort();
  const runs = dates.map((date) => latest.get(date)!);
  // Newest runs first, so the order and severity are the current contract's.
  const newestFirst = [...runs].sort((a, b) => byFinish(b, a));
  const heads = new Map<string, ReportedMetrics['rules'][number]>();
  for (const run of newestFirst)
    for (const r of run.rules) if (!heads.has(r.id)) heads.set(r.id, r);
  const rules = [...heads.values()].map((head): RuleRow => ({
    id: head.id,
    kind: head.kind,
    // An accepted hard rule counted as a warning on its date only; the rule stays hard.
    severity: head.accepted ? 'hard' : head.severity,
    format: head.kind === 'min_rows' ? 'count' : 'percent',
    bound: head.kind === 'min_rows' ? 'min' : 'max',
    cells: runs.map((run) => {
      const r = run.rules.find((x) => x.id === head.id);
      return r
        ? {
            date: run.ingestionDate,
            verdict: verdictOf(r),
            value: r.value,
            threshold: r.threshold,
            runId: run.runId,
            message: r.message,
            ...(r.accepted ? { accepted: r.accepted } : {}),
          }
        : null;
    }),
  }));
  return { dates, rules };
}
