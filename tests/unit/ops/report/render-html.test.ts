import { chartSpecs } from '../../../../scripts/ops/report/chart-specs';
import { reportedMetricsSchema } from '../../../../scripts/ops/report/metrics-documents';
import { chartJsSource } from '../../../../scripts/ops/report/page-assets';
import {
  escapeHtml,
  renderReportHtml,
  scriptJson,
} from '../../../../scripts/ops/report/render-html';
import { buildReportData } from '../../../../scripts/ops/report/report-data';
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

  it('says there is nothing yet instead of drawing empty charts', () => {
    const data = buildReportData([], new Map(), meta);
    const html = renderReportHtml(data, chartSpecs(data), '');
    expect(html).toContain('No metrics documents in this range');
    expect(html).not.toContain('<canvas');
    expect(html).toContain('<script type="application/json" id="report-charts">[]</script>');
  });
});
