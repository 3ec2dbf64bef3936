import { bar, COLORS, config, thresholdLine, type ChartSpec } from './chart-parts';
import type { RuleCell, RuleMatrix, RuleRow } from './rule-matrix';

/**
 * Rule kinds whose measure already has an overview chart (current runs, worst single run and
 * threshold); their matrix rows link there instead of to a second chart of the same figure.
 */
const OVERVIEW_CHART: Readonly<Record<string, string>> = {
  max_reject_rate: 'reject-rate',
  max_duplicate_rate: 'duplicate-rate',
};

/** The id of the chart that draws a rule: its own, or the overview chart of its measure. */
export const ruleChartId = (row: Pick<RuleRow, 'id' | 'kind'>): string =>
  OVERVIEW_CHART[row.kind] ?? `rule-${row.id}`;

const color = (c: RuleCell | null): string =>
  c?.verdict === 'fail'
    ? COLORS.fail
    : c?.verdict === 'warn' || c?.verdict === 'accepted'
      ? COLORS.warn
      : COLORS.healthy;

const shown = (row: RuleRow, x: number): string =>
  row.format === 'count' ? x.toLocaleString('en-US') : `${(x * 100).toFixed(2)}%`;

function caption(row: RuleRow): string {
  const side = row.bound === 'min' ? 'under its minimum' : 'over its threshold';
  const failing = row.cells.filter((c): c is RuleCell => c !== null && c.verdict !== 'pass');
  const what =
    `${row.severity === 'hard' ? 'Hard rule (a failure stops the curated write)' : 'Warning rule (reported only)'} ${row.kind}, ` +
    `as the latest run of each date measured it; dashed: its ${row.bound === 'min' ? 'minimum' : 'threshold'}. `;
  return (
    what +
    (failing.length === 0
      ? `No date was ${side}.`
      : `${side[0]!.toUpperCase()}${side.slice(1)}: ${failing.map((c) => `${c.date} (${shown(row, c.value)})`).join(', ')}.`)
  );
}

/**
 * One chart per data-quality rule without an overview chart (null rates, accepted values, row
 * minimum): its measured value per date, coloured by verdict, against its threshold, so a
 * failed rule such as the user_id null rate shows how far over it was and since when.
 */
export function ruleChartSpecs(m: RuleMatrix): ChartSpec[] {
  const labels = [...m.dates];
  return m.rules
    .filter((row) => !(row.kind in OVERVIEW_CHART))
    .map((row) => ({
      id: ruleChartId(row),
      section: 'rules',
      title: `Rule ${row.id}`,
      format: row.format,
      caption: caption(row),
      config: config(
        labels,
        [
          bar(
            row.format === 'count' ? 'accepted rows' : 'measured share of rows',
            row.cells.map((c) => c?.value ?? null),
            row.cells.map(color),
          ),
          thresholdLine(
            row.cells.map((c) => c?.threshold ?? null),
            row.bound === 'min' ? 'minimum' : 'threshold',
          ),
        ],
        row.format === 'count' ? 'rows' : 'share of rows',
        false,
        row.format === 'count',
      ),
    }));
}
