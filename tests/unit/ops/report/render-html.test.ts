import { chartSpecs } from '../../../../scripts/ops/report/chart-specs';
import { reportedMetricsSchema } from '../../../../scripts/ops/report/metrics-documents';
import { chartJsSource } from '../../../../scripts/ops/report/page-assets';
import {
  escapeHtml,
  renderReportHtml,
  scriptJson,
} from '../../../../scripts/ops/report/render-html';
import { buildReportData } from '../../../../scripts/ops/report/report-data';
import { sampleReportData } from '../../../fixtures/report-sample';
import { runMetrics } from '../../../fixtures/run-metrics';

const meta = { env: 'dev', generatedAt: new Date('2026-11-22T00:00:00Z') };

describe('renderReportHtml', () => {
  it('is self-contained: Chart.js inlined, nothing loaded from the network', async () => {
    const data = buildReportData([reportedMetricsSchema.parse(runMetrics())], new Map(), meta);
    const html = renderReportHtml(data, chartSpecs(data), await chartJsSource());
    expect(html).toContain('Chart.js v4.6.1');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    for (const id of ['rows', 'reject-rate', 'duplicate-rate', 'schema-drift', 'latency'])
      expect(html).toContain(`<canvas id="chart-${id}"`);
  });

  it('escapes text from the documents, in markup and in the JSON script', () => {
    const evil = '</script><img src=x onerror=alert(1)>';
    const doc = reportedMetricsSchema.parse(runMetrics({ read: 10, rejected: 9 }));
    const data = buildReportData([{ ...doc, reasons: [evil] }], new Map(), {
      ...meta,
      env: '<dev>',
    });
    const html = renderReportHtml(data, chartSpecs(data), '/* chart.js */');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Curated events pipeline: &lt;dev&gt;');
    expect(scriptJson({ a: evil })).not.toContain('</');
    expect(JSON.parse(scriptJson({ a: evil }))).toEqual({ a: evil });
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('shows an accepted hard rule as accepted, with who accepted it and why', () => {
    const accepted = {
      by: 'alice',
      reason: 'replayed <test> file',
      at: '2026-11-21T09:00:00.000Z',
    };
    const doc = reportedMetricsSchema.parse(
      runMetrics({
        extraRules: [{ id: 'rows_present', kind: 'min_rows', value: 0, threshold: 1, accepted }],
      }),
    );
    const html = renderReportHtml(buildReportData([doc], new Map(), meta), [], '');
    expect(html).toContain(
      '<td class="rule-cell accepted" title="rows_present measured 0 (threshold 1) (run m-20261120); accepted by alice at 2026-11-21T09:00:00.000Z: replayed &lt;test&gt; file"><span class="verdict">accepted</span> <span class="measured">0</span><div class="accepted-by">by alice: replayed &lt;test&gt; file</div></td>',
    );
  });

  it('says there is nothing yet instead of drawing empty charts', () => {
    const data = buildReportData([], new Map(), meta);
    const html = renderReportHtml(data, chartSpecs(data), '');
    expect(html).toContain('No metrics documents in this range');
    expect(html).not.toContain('<canvas');
    expect(html).toContain('<script type="application/json" id="report-charts">[]</script>');
  });
});

describe('renderReportHtml: rules, quarantine and colours', () => {
  const data = sampleReportData();
  const html = renderReportHtml(data, chartSpecs(data), '');

  it('shows the rule-by-date matrix with verdicts in words and measured values', () => {
    const matrix = /<table class="rule-matrix">.*?<\/table>/s.exec(html)![0];
    expect(matrix).toContain('<th scope="col" class="num">2026-11-19</th>');
    expect(matrix).toContain(
      '<td class="rule-cell fail" title="user_id_null_rate measured 0.072 (threshold 0.03) (run m-20261119)"><span class="verdict">fail</span> <span class="measured">7.20%</span></td>',
    );
    expect(matrix).toContain(
      '<span class="verdict">warn</span> <span class="measured">2.40%</span>',
    );
    expect(matrix).toContain('<a href="#figure-rule-user_id_null_rate">user_id_null_rate</a>');
    expect(matrix).toContain('<a href="#figure-reject-rate">reject_rate</a>');
    expect(matrix).toContain('<span class="measured">3,988</span>');
    expect(html).toContain('<canvas id="chart-rule-user_id_null_rate"');
  });

  it('lists quarantined files with their reasons and next step', () => {
    const section = /<section id="quarantine">.*?<\/section>/s.exec(html)![0];
    expect(section).toContain('Quarantined files (2 not released)');
    expect(section).toContain('missing required header column event_id');
    expect(section).toContain('(no date)');
    expect(section).toContain('pipeline quarantine release &#39;raw/source=app/');
  });

  it('colours rejects within the threshold neutral, a failed hard rule red and warnings amber', () => {
    expect(html).toContain(
      '<div class="card"><div class="value">43</div><div class="label">rows rejected in curated runs</div></div>',
    );
    expect(html).toContain('<div class="card bad"><div class="value">1 / 1</div>');
    expect(html).toContain('<div class="card warn"><div class="value">2</div>');
  });

  it('says so when nothing is quarantined, and leaves the section out when not read', () => {
    const none = buildReportData([], new Map(), { ...meta, quarantine: [] });
    expect(renderReportHtml(none, [], '')).toContain('No file of these dates is in quarantine.');
    expect(renderReportHtml(buildReportData([], new Map(), meta), [], '')).not.toContain(
      'id="quarantine"',
    );
  });
});
