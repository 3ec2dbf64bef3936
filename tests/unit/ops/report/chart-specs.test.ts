import { reportedMetricsSchema } from '../../../../scripts/ops/report/metrics-documents';
import {
  MAX_DRIFT_FIELDS,
  chartSpecs,
  latencyUnit,
} from '../../../../scripts/ops/report/chart-specs';
import { buildReportData } from '../../../../scripts/ops/report/report-data';
import { runMetrics } from '../../../fixtures/run-metrics';

const meta = { env: 'dev', generatedAt: new Date('2026-11-22T00:00:00Z') };

const data = buildReportData(
  [
    reportedMetricsSchema.parse(runMetrics({ date: '2026-11-19', read: 100, rejected: 1 })),
    reportedMetricsSchema.parse(
      runMetrics({
        date: '2026-11-20',
        read: 100,
        rejected: 9,
        driftFields: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((field, i) => ({
          field,
          rows: 10 - i,
        })),
      }),
    ),
    reportedMetricsSchema.parse(runMetrics({ date: '2026-11-21', read: 50 })),
  ],
  new Map([['m-20261119', ['2026-11-19T00:30:00.000Z']]]),
  meta,
);

describe('chartSpecs', () => {
  const charts = chartSpecs(data);

  it('draws rows, reject rate, duplicate rate, schema drift and latency, one point per date in every dataset', () => {
    expect(charts.map((c) => c.id)).toEqual([
      'rows',
      'reject-rate',
      'duplicate-rate',
      'schema-drift',
      'latency',
    ]);
    for (const c of charts) {
      expect(c.config.data.labels).toEqual(['2026-11-19', '2026-11-20', '2026-11-21']);
      for (const ds of c.config.data.datasets) expect(ds.data).toHaveLength(3);
    }
  });

  it('draws the threshold of each date and names the dates whose worst run was over it', () => {
    const reject = charts.find((c) => c.id === 'reject-rate')!;
    const threshold = reject.config.data.datasets.find((d) => d.label === 'threshold')!;
    expect(threshold.data).toEqual([0.05, 0.05, 0.05]);
    expect(reject.caption).toContain('Over the threshold: 2026-11-20 (9.00%)');
    expect(charts.find((c) => c.id === 'duplicate-rate')!.caption).toContain(
      'No run was over its threshold.',
    );
  });

  it('shows the biggest unknown fields one by one and the rest as other fields', () => {
    const drift = charts.find((c) => c.id === 'schema-drift')!;
    const labels = drift.config.data.datasets.map((d) => d.label);
    expect(labels).toEqual(['a', 'b', 'c', 'd', 'e', 'other fields']);
    expect(labels).toHaveLength(MAX_DRIFT_FIELDS + 1);
    expect(drift.config.data.datasets.at(-1)!.data).toEqual([0, 5 + 4, 0]);
  });

  it('gives latency in a readable unit and leaves dates without upload times empty', () => {
    const latency = charts.find((c) => c.id === 'latency')!;
    expect(latency.config.data.datasets[0]!.data).toEqual([30, null, null]);
    expect(latency.caption).toContain('in minutes');
    expect(latencyUnit(59_000).label).toBe('seconds');
    expect(latencyUnit(3_600_000).label).toBe('minutes');
    expect(latencyUnit(36_000_000).label).toBe('hours');
  });

  it('is plain JSON (the page receives it as data)', () => {
    expect(JSON.parse(JSON.stringify(charts))).toEqual(charts);
  });
});
