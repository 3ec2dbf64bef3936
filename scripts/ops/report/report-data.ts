import type { ReportedMetrics } from './metrics-documents';
import type { QuarantineEntry } from '../quarantine/list';
import { quarantineView, type QuarantineView } from './quarantine-view';
import { ruleMatrix, verdictCounts, type RuleMatrix } from './rule-matrix';
import { byFinish } from './run-order';
import type { UploadTimes } from './upload-times';

/** Row counts of a set of runs. */
export interface RowCounts {
  readonly read: number;
  readonly rejected: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly output: number;
}

/** One ingestion date as the report shows it. */
export interface DateReport {
  readonly date: string;
  readonly runs: number;
  readonly failedRuns: number;
  /** Rows of the runs whose output is the date's current curated data (see currentRuns). */
  readonly rows: RowCounts;
  /**
   * Rows of the date in the curated tables now, read through their catalog: the ground truth
   * the runs' figures should add up to; null when the tables were not read.
   */
  readonly tableRows: number | null;
  /** Rejected over read, over the current runs (all runs when none passed). */
  readonly rejectRate: number;
  /** The highest reject rate of any single run of the date, failed ones included. */
  readonly worstRejectRate: number;
  /** From the `max_reject_rate` rule of the date's latest run; null when no such rule ran. */
  readonly rejectThreshold: number | null;
  /** Duplicates removed over accepted rows, like rejectRate. */
  readonly duplicateRate: number;
  readonly worstDuplicateRate: number;
  readonly duplicateThreshold: number | null;
  /** Rows carrying fields the contract does not know, and the count per unknown field. */
  readonly drift: { readonly rows: number; readonly fields: Readonly<Record<string, number>> };
  /** Upload-to-curated time of the files of the date's passed manifest runs. */
  readonly latencyMs: { readonly files: number; readonly p50: number; readonly max: number } | null;
}

/** A run that did not pass, with why: what on-call reads first. */
export interface FailedRun {
  readonly date: string;
  readonly runId: string;
  readonly kind: ReportedMetrics['kind'];
  readonly finishedAt: string;
  readonly reasons: readonly string[];
}

/** Everything the report page and `pipeline report --json` show. */
export interface ReportData {
  readonly env: string;
  readonly generatedAt: string;
  readonly dates: readonly DateReport[];
  readonly failures: readonly FailedRun[];
  /** Each data-quality rule's verdict and measured value per date. */
  readonly rules: RuleMatrix;
  /** Quarantined files of the report's dates (and those with no date); null when not read. */
  readonly quarantine: QuarantineView | null;
  readonly totals: {
    readonly dates: number;
    readonly runs: number;
    readonly failedRuns: number;
    readonly rowsOutput: number;
    readonly rowsRejected: number;
    /** Dates whose reject rate is over its rule's threshold: what makes rejects a problem. */
    readonly datesOverRejectThreshold: number;
    /** Rule-by-date cells that failed a hard rule, and those that failed a warning rule. */
    readonly ruleFailures: number;
    readonly ruleWarnings: number;
  };
  readonly skipped: readonly { readonly key: string; readonly reason: string }[];
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

const sumRows = (runs: readonly ReportedMetrics[]): RowCounts => {
  const total = { read: 0, rejected: 0, accepted: 0, duplicates: 0, output: 0 };
  for (const r of runs)
    for (const k of Object.keys(total) as (keyof RowCounts)[]) total[k] += r.rows[k];
  return total;
};

/**
 * The runs whose curated objects make up a date's partition now: the latest passed rebuild
 * (it replaced every earlier object) and the passed manifest runs that finished after it, or
 * every passed manifest run when the date was never rebuilt. Failed runs wrote no curated rows.
 */
export function currentRuns(runs: readonly ReportedMetrics[]): ReportedMetrics[] {
  const passed = runs.filter((r) => r.status === 'passed').sort(byFinish);
  const rebuild = passed.filter((r) => r.kind === 'rebuild').at(-1);
  if (!rebuild) return passed;
  return [rebuild, ...passed.filter((r) => r.kind === 'manifest' && byFinish(r, rebuild) > 0)];
}

/** Nearest-rank percentile of sorted numbers. */
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

function thresholdOf(runs: readonly ReportedMetrics[], kind: string): number | null {
  const latest = [...runs].sort(byFinish).at(-1);
  return latest?.rules.find((r) => r.kind === kind)?.threshold ?? null;
}

function latencyOf(
  runs: readonly ReportedMetrics[],
  uploads: UploadTimes,
): DateReport['latencyMs'] {
  const ms: number[] = [];
  for (const run of runs) {
    if (run.kind !== 'manifest' || run.status !== 'passed') continue;
    const done = Date.parse(run.finishedAt);
    for (const t of uploads.get(run.runId) ?? []) {
      const uploaded = Date.parse(t);
      // S3 Last-Modified has whole seconds: a fast run can finish "before" the upload.
      if (!Number.isNaN(uploaded)) ms.push(Math.max(0, done - uploaded));
    }
  }
  if (ms.length === 0) return null;
  ms.sort((a, b) => a - b);
  return { files: ms.length, p50: percentile(ms, 50), max: ms[ms.length - 1]! };
}

/**
 * Duplicate rows a run saw: a failed run writes no output, so its document counts no removed
 * duplicates; the duplicate rule's value (a share of accepted rows) still says how many.
 */
const duplicatesOf = (r: ReportedMetrics): number => {
  const rule = r.rules.find((x) => x.kind === 'max_duplicate_rate');
  return r.status === 'failed' && rule
    ? Math.round(rule.value * r.rows.accepted)
    : r.rows.duplicates;
};

function dateReport(
  date: string,
  runs: readonly ReportedMetrics[],
  uploads: UploadTimes,
  tableRows: ReadonlyMap<string, number> | undefined,
): DateReport {
  const current = currentRuns(runs);
  const basis = current.length > 0 ? current : runs;
  const rows = sumRows(current);
  const basisRows = sumRows(basis);
  const basisDuplicates = basis.reduce((n, r) => n + duplicatesOf(r), 0);
  const fields: Record<string, number> = {};
  for (const r of basis)
    for (const f of r.schemaDrift.fields) fields[f.field] = (fields[f.field] ?? 0) + f.rows;
  return {
    date,
    runs: runs.length,
    failedRuns: runs.filter((r) => r.status === 'failed').length,
    rows,
    tableRows: tableRows ? (tableRows.get(date) ?? 0) : null,
    rejectRate: ratio(basisRows.rejected, basisRows.read),
    worstRejectRate: Math.max(...runs.map((r) => ratio(r.rows.rejected, r.rows.read))),
    rejectThreshold: thresholdOf(runs, 'max_reject_rate'),
    duplicateRate: ratio(basisDuplicates, basisRows.accepted),
    worstDuplicateRate: Math.max(...runs.map((r) => ratio(duplicatesOf(r), r.rows.accepted))),
    duplicateThreshold: thresholdOf(runs, 'max_duplicate_rate'),
    drift: { rows: basis.reduce((n, r) => n + r.schemaDrift.rows, 0), fields },
    latencyMs: latencyOf(runs, uploads),
  };
}

/**
 * Turns the metrics documents of a deployment into per-date figures (pure: tested without
 * AWS). Dates are in calendar order; failures newest first.
 */
export function buildReportData(
  docs: readonly ReportedMetrics[],
  uploads: UploadTimes,
  meta: {
    env: string;
    generatedAt: Date;
    skipped?: ReportData['skipped'];
    /** Rows per ingestion date in the curated tables (see DateReport.tableRows). */
    tableRows?: ReadonlyMap<string, number>;
    /** The quarantined files to list (see QuarantineView); the section is left out when absent. */
    quarantine?: readonly QuarantineEntry[];
  },
): ReportData {
  const byDate = new Map<string, ReportedMetrics[]>();
  for (const d of docs) byDate.set(d.ingestionDate, [...(byDate.get(d.ingestionDate) ?? []), d]);
  const dates = [...byDate.keys()]
    .sort()
    .map((date) => dateReport(date, byDate.get(date)!, uploads, meta.tableRows));
  const failures = docs
    .filter((d) => d.status === 'failed')
    .sort((a, b) => byFinish(b, a))
    .map((d) => ({
      date: d.ingestionDate,
      runId: d.runId,
      kind: d.kind,
      finishedAt: d.finishedAt,
      reasons: d.reasons,
    }));
  const rules = ruleMatrix(docs);
  const verdicts = verdictCounts(rules);
  return {
    env: meta.env,
    generatedAt: meta.generatedAt.toISOString(),
    dates,
    failures,
    rules,
    quarantine: meta.quarantine ? quarantineView(meta.quarantine) : null,
    totals: {
      dates: dates.length,
      runs: docs.length,
      failedRuns: failures.length,
      rowsOutput: dates.reduce((n, d) => n + d.rows.output, 0),
      rowsRejected: dates.reduce((n, d) => n + d.rows.rejected, 0),
      datesOverRejectThreshold: dates.filter(
        (d) => d.rejectThreshold !== null && d.rejectRate > d.rejectThreshold,
      ).length,
      ruleFailures: verdicts.fail,
      ruleWarnings: verdicts.warn,
    },
    skipped: meta.skipped ?? [],
  };
}
