import { COLORS } from '../../../../scripts/ops/report/chart-parts';
import { chartSpecs } from '../../../../scripts/ops/report/chart-specs';
import { ruleChartId } from '../../../../scripts/ops/report/rule-charts';
import { sampleReportData } from '../../../fixtures/report-sample';

describe('rule charts', () => {
  const data = sampleReportData();
  const charts = chartSpecs(data);
  const chart = (id: string) => charts.find((c) => c.id === id)!;

  it('draws one chart per rule, reusing the overview chart of the reject and duplicate rates', () => {
    expect(charts.filter((c) => c.section === 'rules').map((c) => c.id)).toEqual([
      'rule-rows_present',
      'rule-user_id_null_rate',
      'rule-event_type_allowed',
    ]);
    expect(data.rules.rules.map(ruleChartId)).toEqual([
      'reject-rate',
      'duplicate-rate',
      'rule-rows_present',
      'rule-user_id_null_rate',
      'rule-event_type_allowed',
    ]);
  });

  it('draws the failed null rate against its threshold, red only where it failed', () => {
    const nulls = chart('rule-user_id_null_rate');
    const [values, threshold] = nulls.config.data.datasets;
    expect(values!.data).toEqual([0.004, 0.072, 0.011, 0.01]);
    expect(threshold!.label).toBe('threshold');
    expect(threshold!.data).toEqual([0.03, 0.03, 0.03, 0.03]);
    expect(values!.backgroundColor).toEqual([
      COLORS.healthy,
      COLORS.fail,
      COLORS.healthy,
      COLORS.healthy,
    ]);
    expect(nulls.caption).toContain('Hard rule');
    expect(nulls.caption).toContain('Over its threshold: 2026-11-19 (7.20%)');
    expect(nulls.format).toBe('percent');
  });

  it('draws a failed warning rule amber and a minimum as a count', () => {
    expect(chart('rule-event_type_allowed').config.data.datasets[0]!.backgroundColor).toEqual([
      COLORS.healthy,
      COLORS.healthy,
      COLORS.warn,
      COLORS.healthy,
    ]);
    const rows = chart('rule-rows_present');
    expect(rows.format).toBe('count');
    expect(rows.config.data.datasets[1]!.label).toBe('minimum');
    expect(rows.caption).toContain('No date was under its minimum.');
  });

  it('colours healthy reject and duplicate rates neutral, nothing red while every rule passes', () => {
    for (const id of ['reject-rate', 'duplicate-rate'])
      expect(chart(id).config.data.datasets[0]!.backgroundColor).toEqual(
        Array(4).fill(COLORS.healthy),
      );
    const rows = chart('rows').config.data.datasets.find((d) => d.label === 'rejected')!;
    expect(rows.backgroundColor).toBe(COLORS.rejected);
    expect([COLORS.fail, COLORS.warn]).not.toContain(COLORS.rejected);
  });
});
