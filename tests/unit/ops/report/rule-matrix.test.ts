import { reportedMetricsSchema } from '../../../../scripts/ops/report/metrics-documents';
import { ruleMatrix, verdictCounts } from '../../../../scripts/ops/report/rule-matrix';
import { SAMPLE_DOCS } from '../../../fixtures/report-sample';
import { runMetrics, type RunMetricsOptions } from '../../../fixtures/run-metrics';

const doc = (o: RunMetricsOptions) => reportedMetricsSchema.parse(runMetrics(o));

describe('ruleMatrix', () => {
  const m = ruleMatrix(SAMPLE_DOCS);
  const row = (id: string) => m.rules.find((r) => r.id === id)!;

  it('has one row per rule in the contract order and one cell per date', () => {
    expect(m.dates).toEqual(['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21']);
    expect(m.rules.map((r) => r.id)).toEqual([
      'reject_rate',
      'event_id_duplicate_rate',
      'rows_present',
      'user_id_null_rate',
      'event_type_allowed',
    ]);
    for (const r of m.rules) expect(r.cells).toHaveLength(4);
  });

  it('says pass, warn or fail with the measured value and threshold', () => {
    const nulls = row('user_id_null_rate');
    expect(nulls.cells.map((c) => c?.verdict)).toEqual(['pass', 'fail', 'pass', 'pass']);
    expect(nulls.cells[1]).toMatchObject({ value: 0.072, threshold: 0.03, runId: 'm-20261119' });
    expect(row('event_type_allowed').cells.map((c) => c?.verdict)).toEqual([
      'pass',
      'pass',
      'warn',
      'pass',
    ]);
    expect(row('rows_present')).toMatchObject({ format: 'count', bound: 'min', severity: 'hard' });
    expect(row('reject_rate')).toMatchObject({ format: 'percent', bound: 'max' });
    expect(verdictCounts(m)).toEqual({ pass: 18, warn: 1, fail: 1, accepted: 0 });
  });

  it("takes each date's latest run, and leaves a rule an older run had empty elsewhere", () => {
    const older = doc({
      runId: 'm-a',
      date: '2026-11-20',
      finishedAt: '2026-11-20T01:00:00.000Z',
      extraRules: [{ id: 'user_id_null_rate', kind: 'max_null_rate', value: 0.5, threshold: 0.03 }],
    });
    const newer = doc({ runId: 'm-b', date: '2026-11-20', finishedAt: '2026-11-20T02:00:00.000Z' });
    const other = doc({
      runId: 'm-c',
      date: '2026-11-19',
      extraRules: [{ id: 'legacy_rule', kind: 'max_null_rate', value: 0, threshold: 0.1 }],
    });
    const matrix = ruleMatrix([newer, older, other]);
    expect(matrix.rules.map((r) => r.id)).toEqual([
      'reject_rate',
      'event_id_duplicate_rate',
      'legacy_rule',
    ]);
    expect(matrix.rules[0]!.cells.map((c) => c?.runId)).toEqual(['m-c', 'm-b']);
    expect(matrix.rules[2]!.cells.map((c) => c?.verdict ?? null)).toEqual(['pass', null]);
  });

  it('reads documents written before rules had a severity as hard rules', () => {
    const raw = runMetrics({ rejected: 50 });
    const legacy = reportedMetricsSchema.parse({
      ...raw,
      rules: raw.rules.map(({ severity: _s, message: _m, ...r }) => r),
    });
    expect(ruleMatrix([legacy]).rules[0]).toMatchObject({ severity: 'hard' });
    expect(ruleMatrix([legacy]).rules[0]!.cells[0]).toMatchObject({ verdict: 'fail', message: '' });
  });

  it('shows a failed hard rule an operator accepted as accepted, with who and why, and keeps the rule hard', () => {
    const accepted = { by: 'alice', reason: 'test orders', at: '2026-11-21T09:00:00.000Z' };
    const held = doc({
      runId: 'm-held',
      date: '2026-11-21',
      finishedAt: '2026-11-21T01:00:00.000Z',
      extraRules: [{ id: 'event_type_allowed', kind: 'accepted_values', value: 0.1, threshold: 0 }],
    });
    const rebuilt = doc({
      runId: 'rebuild-1',
      kind: 'rebuild',
      date: '2026-11-21',
      finishedAt: '2026-11-21T09:01:00.000Z',
      extraRules: [
        { id: 'event_type_allowed', kind: 'accepted_values', value: 0.1, threshold: 0, accepted },
      ],
    });
    expect(held.status).toBe('failed');
    expect(rebuilt.status).toBe('passed');
    const matrix = ruleMatrix([held, rebuilt]);
    const rule = matrix.rules.find((r) => r.id === 'event_type_allowed')!;
    expect(rule.severity).toBe('hard');
    expect(rule.cells).toEqual([
      expect.objectContaining({ verdict: 'accepted', runId: 'rebuild-1', accepted }),
    ]);
    expect(verdictCounts(matrix)).toMatchObject({ accepted: 1, fail: 0 });
  });

  it('is empty without documents', () => {
    expect(ruleMatrix([])).toEqual({ dates: [], rules: [] });
  });
});
