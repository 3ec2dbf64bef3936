import {
  bar,
  COLORS,
  config,
  thresholdLine,
  worstPoints,
  type ChartSpec,
  type Dataset,
} from './chart-parts';
import type { DateReport, ReportData } from './report-data';
import { ruleChartSpecs } from './rule-charts';

export type { ChartSpec, ValueFormat } from './chart-parts';

/** Unknown fields drawn one by one; the rest are summed as "other fields". */
export const MAX_DRIFT_FIELDS = 5;

/** The unit that keeps latency figures readable: seconds, minutes or hours. */
export function latencyUnit(maxMs: number): { label: string; ms: number } {
  if (maxMs < 120_000) return { label: 'seconds', ms: 1_000 };
  if (maxMs < 7_200_000) return { label: 'minutes', ms: 60_000 };
  return { label: 'hours', ms: 3_600_000 };
}

function driftDatasets(dates: readonly DateReport[]): Dataset[] {
  const totals = new Map<string, number>();
  for (const d of dates)
    for (const [f, n] of Object.entries(d.drift.fields)) totals.set(f, (totals.get(f) ?? 0) + n);
  const top = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_DRIFT_FIELDS);
  const shown = new Set(top.map(([f]) => f));
  const sets = top.map(([f], i) =>
    bar(
      f,
      dates.map((d) => d.drift.fields[f] ?? 0),
      COLORS.fields[i]!,
      'drift',
    ),
  );
  const other = dates.map((d) =>
    Object.entries(d.drift.fields)
      .filter(([f]) => !shown.has(f))
      .reduce((n, [, v]) => n + v, 0),
  );
  if (other.some((n) => n > 0))
    sets.push(bar('other fields', other, COLORS.fields[MAX_DRIFT_FIELDS], 'drift'));
  if (sets.length === 0)
    sets.push(
      bar(
        'rows with unknown fields',
        dates.map((d) => d.drift.rows),
        COLORS.fields[0],
        'drift',
      ),
    );
  return sets;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/**
 * A colour per date for the bars of a rule's measure: neutral while the date passes the rule
 * (a few rejects within the threshold are normal), amber when it fails a warning (or a hard rule
 * an operator accepted for the date), red when it fails a hard rule.
 */
function verdictColors(data: ReportData, kind: string): string[] {
  const row = data.rules.rules.find((r) => r.kind === kind);
  return data.dates.map((d) => {
    const cell = row?.cells[data.rules.dates.indexOf(d.date)];
    return cell?.verdict === 'fail'
      ? COLORS.fail
      : cell?.verdict === 'warn' || cell?.verdict === 'accepted'
        ? COLORS.warn
        : COLORS.healthy;
  });
}

/**
 * The report's charts as Chart.js configurations (plain JSON: the page only adds the tick
 * formatters), one data point per ingestion date in every dataset.
 */
export function chartSpecs(data: ReportData): ChartSpec[] {
  const dates = data.dates;
  const labels = dates.map((d) => d.date);
  const rate = (
    id: string,
    title: string,
    value: (d: DateReport) => number,
    worst: (d: DateReport) => number,
    threshold: (d: DateReport) => number | null,
    what: string,
    ruleKind: string,
  ): ChartSpec => {
    const limits = dates.map(threshold);
    const over = dates.filter((d) => {
      const t = threshold(d);
      return t !== null && worst(d) > t;
    });
    return {
      id,
      section: 'overview',
      title,
      format: 'percent',
      caption:
        `Bars: ${what} of the date's curated runs; diamonds: the worst single run; dashed: the rule's threshold. ` +
        (limits.every((t) => t === null)
          ? 'No rule with a threshold ran for these dates.'
          : over.length === 0
            ? 'No run was over its threshold.'
            : `Over the threshold: ${over.map((d) => `${d.date} (${pct(worst(d))})`).join(', ')}.`),
      config: config(
        labels,
        [
          bar(what, dates.map(value), verdictColors(data, ruleKind)),
          worstPoints(dates.map(worst)),
          thresholdLine(limits),
        ],
        'share of rows',
      ),
    };
  };
  const maxLatency = Math.max(0, ...dates.map((d) => d.latencyMs?.max ?? 0));
  const unit = latencyUnit(maxLatency);
  const inUnit = (ms: number | undefined): number | null =>
    ms === undefined ? null : Math.round((ms / unit.ms) * 100) / 100;
  const driftRows = dates.reduce((n, d) => n + d.drift.rows, 0);
  return [
    {
      id: 'rows',
      section: 'overview',
      title: 'Rows per ingestion date',
      format: 'count',
      caption:
        'Rows of the current curated data of each date, with the duplicates removed and the rows rejected on the way (rejects are kept in the artifacts bucket with their reason).',
      config: config(
        labels,
        [
          bar(
            'curated rows',
            dates.map((d) => d.rows.output),
            COLORS.output,
            'rows',
          ),
          bar(
            'duplicates removed',
            dates.map((d) => d.rows.duplicates),
            COLORS.duplicates,
            'rows',
          ),
          bar(
            'rejected',
            dates.map((d) => d.rows.rejected),
            COLORS.rejected,
            'rows',
          ),
        ],
        'rows',
        true,
        true,
      ),
    },
    rate(
      'reject-rate',
      'Reject rate per date',
      (d) => d.rejectRate,
      (d) => d.worstRejectRate,
      (d) => d.rejectThreshold,
      'rejected rows',
      'max_reject_rate',
    ),
    rate(
      'duplicate-rate',
      'Duplicate rate per date',
      (d) => d.duplicateRate,
      (d) => d.worstDuplicateRate,
      (d) => d.duplicateThreshold,
      'duplicate rows',
      'max_duplicate_rate',
    ),
    {
      id: 'schema-drift',
      section: 'overview',
      title: 'Schema drift: rows with unknown fields',
      format: 'count',
      caption:
        driftRows === 0
          ? 'No row carried a field the schema contract does not know.'
          : `${driftRows} row(s) carried fields the schema contract does not know (kept in _doc, not in columns); by field.`,
      config: config(labels, driftDatasets(dates), 'rows', true, true),
    },
    {
      id: 'latency',
      section: 'overview',
      title: 'Latency from upload to curated',
      format: 'number',
      caption: dates.some((d) => d.latencyMs)
        ? `From each raw file's upload (S3 Last-Modified) to the end of the manifest run that curated it, in ${unit.label}; rebuilds are not counted.`
        : 'No manifest run with tracked upload times in this range.',
      config: config(
        labels,
        [
          bar(
            'median',
            dates.map((d) => inUnit(d.latencyMs?.p50)),
            COLORS.p50,
          ),
          bar(
            'slowest file',
            dates.map((d) => inUnit(d.latencyMs?.max)),
            COLORS.max,
          ),
        ],
        unit.label,
      ),
    },
    ...ruleChartSpecs(data.rules),
  ];
}
