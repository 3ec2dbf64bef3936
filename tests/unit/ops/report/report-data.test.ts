import { reportedMetricsSchema } from '../../../../scripts/ops/report/metrics-documents';
import { buildReportData, currentRuns } from '../../../../scripts/ops/report/report-data';
import { sampleReportData } from '../../../fixtures/report-sample';
import { runMetrics, type RunMetricsOptions } from '../../../fixtures/run-metrics';

const doc = (o: RunMetricsOptions) => reportedMetricsSchema.parse(runMetrics(o));
const meta = { env: 'dev', generatedAt: new Date('2026-11-22T00:00:00Z') };

describe('currentRuns', () => {
  it('is every passed manifest run of a date that was never rebuilt', () => {
    const a = doc({ runId: 'm-a', finishedAt: '2026-11-20T01:00:00.000Z' });
    const b = doc({ runId: 'm-b', finishedAt: '2026-11-20T02:00:00.000Z' });
    const failed = doc({ runId: 'm-c', rejected: 50 });
    expect(currentRuns([b, failed, a]).map((r) => r.runId)).toEqual(['m-a', 'm-b']);
  });

  it('is the latest passed rebuild and the manifest runs after it (late data)', () => {
    const early = doc({ runId: 'm-a', finishedAt: '2026-11-20T01:00:00.000Z' });
    const oldRebuild = doc({
      runId: 'rebuild-1',
      kind: 'rebuild',
      finishedAt: '2026-11-20T02:00:00.000Z',
    });
    const rebuild = doc({
      runId: 'rebuild-2',
      kind: 'rebuild',
      finishedAt: '2026-11-20T03:00:00.000Z',
    });
    const late = doc({ runId: 'm-late', finishedAt: '2026-11-20T04:00:00.000Z' });
    const failedRebuild = doc({
      runId: 'rebuild-3',
      kind: 'rebuild',
      rejected: 90,
      finishedAt: '2026-11-20T05:00:00.000Z',
    });
    expect(
      currentRuns([late, early, rebuild, oldRebuild, failedRebuild]).map((r) => r.runId),
    ).toEqual(['rebuild-2', 'm-late']);
  });
});

describe('buildReportData', () => {
  it('sums rows per date over the current runs, in date order', () => {
    const data = buildReportData(
      [
        doc({ runId: 'm-b', date: '2026-11-21', read: 50, rejected: 1 }),
        doc({ runId: 'm-a1', date: '2026-11-20', read: 100, rejected: 2, duplicates: 1 }),
        doc({ runId: 'm-a2', date: '2026-11-20', read: 200, rejected: 4, duplicates: 3 }),
      ],
      new Map(),
      meta,
    );
    expect(data.dates.map((d) => d.date)).toEqual(['2026-11-20', '2026-11-21']);
    expect(data.dates[0]!.rows).toEqual({
      read: 300,
      rejected: 6,
      accepted: 294,
      duplicates: 4,
      output: 290,
    });
    expect(data.dates[0]!.rejectRate).toBeCloseTo(6 / 300);
    expect(data.dates[0]!.duplicateRate).toBeCloseTo(4 / 294);
    expect(data.totals).toEqual({
      dates: 2,
      runs: 3,
      failedRuns: 0,
      rowsOutput: 290 + 49,
      rowsRejected: 7,
      // Rejects within the threshold are no problem.
      datesOverRejectThreshold: 0,
      ruleFailures: 0,
      ruleWarnings: 0,
    });
    expect(data.quarantine).toBeNull();
  });

  it('shows the worst single run, failed ones included, against the threshold of the latest run', () => {
    const data = buildReportData(
      [
        doc({ runId: 'm-ok', read: 1000, rejected: 10, finishedAt: '2026-11-20T01:00:00.000Z' }),
        doc({
          runId: 'm-bad',
          read: 100,
          rejected: 12,
          duplicates: 5,
          finishedAt: '2026-11-20T02:00:00.000Z',
          rejectMax: 0.1,
        }),
      ],
      new Map(),
      meta,
    );
    const d = data.dates[0]!;
    expect(d.failedRuns).toBe(1);
    expect(d.rejectRate).toBeCloseTo(0.01); // the curated run only
    expect(d.worstRejectRate).toBeCloseTo(0.12);
    expect(d.rejectThreshold).toBe(0.1);
    // The failed run wrote no output, yet its duplicate share (from its rule) is the worst.
    expect(d.worstDuplicateRate).toBeCloseTo(5 / 88);
    expect(d.duplicateThreshold).toBe(0.02);
    expect(data.failures).toEqual([
      expect.objectContaining({
        runId: 'm-bad',
        date: '2026-11-20',
        reasons: [
          expect.stringMatching(/^reject_rate: /),
          expect.stringMatching(/^event_id_duplicate_rate: /),
        ],
      }),
    ]);
  });

  it('falls back to the failed runs for rates when a date has no curated run, and null thresholds without rules', () => {
    const bare = { ...doc({ runId: 'm-x', read: 10, rejected: 5, status: 'failed' }), rules: [] };
    const d = buildReportData([bare], new Map(), meta).dates[0]!;
    expect(d.rows.output).toBe(0);
    expect(d.rejectRate).toBeCloseTo(0.5);
    expect(d.rejectThreshold).toBeNull();
    expect(d.duplicateThreshold).toBeNull();
  });

  it('adds up unknown fields per date', () => {
    const data = buildReportData(
      [
        doc({ runId: 'm-1', driftFields: [{ field: 'utm', rows: 3 }] }),
        doc({
          runId: 'm-2',
          driftFields: [
            { field: 'utm', rows: 2 },
            { field: 'ab_test', rows: 1 },
          ],
        }),
      ],
      new Map(),
      meta,
    );
    expect(data.dates[0]!.drift).toEqual({ rows: 5, fields: { utm: 5, ab_test: 1 } });
  });

  it('measures latency from each upload to the end of the passed manifest run that curated it', () => {
    const run = doc({ runId: 'm-1', finishedAt: '2026-11-20T01:00:00.000Z' });
    const rebuild = doc({
      runId: 'rebuild-1',
      kind: 'rebuild',
      finishedAt: '2026-11-25T01:00:00.000Z',
    });
    const uploads = new Map([
      [
        'm-1',
        [
          '2026-11-20T00:59:00.000Z',
          '2026-11-20T00:50:00.000Z',
          '2026-11-20T00:58:00.000Z',
          '2026-11-20T01:00:00.500Z',
        ],
      ],
      ['rebuild-1', ['2026-11-20T00:00:00.000Z']],
    ]);
    const d = buildReportData([run, rebuild], uploads, meta).dates[0]!;
    // 0 (upload stamped after the run: whole-second S3 times), 1 min, 2 min, 10 min.
    expect(d.latencyMs).toEqual({ files: 4, p50: 60_000, max: 600_000 });
    expect(buildReportData([run], new Map(), meta).dates[0]!.latencyMs).toBeNull();
  });
});

describe('tableRows', () => {
  it('is the date rows in the tables when they were read (0 for a date with none), else null', () => {
    const docs = [
      doc({ runId: 'm-a', date: '2026-11-20' }),
      doc({ runId: 'm-b', date: '2026-11-21' }),
    ];
    const read = buildReportData(docs, new Map(), {
      ...meta,
      tableRows: new Map([['2026-11-20', 42]]),
    });
    expect(read.dates.map((d) => [d.date, d.tableRows])).toEqual([
      ['2026-11-20', 42],
      ['2026-11-21', 0],
    ]);
    expect(buildReportData(docs, new Map(), meta).dates.map((d) => d.tableRows)).toEqual([
      null,
      null,
    ]);
  });
});

describe('buildReportData with rules and quarantine', () => {
  it('counts rule failures and warnings, dates over the reject threshold and open quarantine', () => {
    const data = sampleReportData();
    expect(data.totals).toMatchObject({
      datesOverRejectThreshold: 0,
      ruleFailures: 1,
      ruleWarnings: 1,
      failedRuns: 1,
    });
    expect(data.quarantine?.open).toBe(2);
    expect(data.rules.dates).toEqual(data.dates.map((d) => d.date));
    const over = buildReportData([doc({ read: 100, rejected: 40 })], new Map(), meta);
    expect(over.totals.datesOverRejectThreshold).toBe(1);
  });
});
