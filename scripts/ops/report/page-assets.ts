import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The Chart.js UMD bundle from node_modules, inlined into the page so the report opens with no
 * network (an e-mailed attachment, an air-gapped laptop). The package exports no subpath to it:
 * it sits beside the CommonJS entry.
 */
export async function chartJsSource(): Promise<string> {
  const source = await readFile(
    join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
    'utf8',
  );
  // Inside <script>, only "</script" could end the element early.
  return source.replace(/<\/script/gi, '<\\/script');
}

/** The page's own script: formatters on the JSON chart configurations, then draw them. */
export const RENDER_SCRIPT = `
(function () {
  var body = document.body;
  try {
    var specs = JSON.parse(document.getElementById('report-charts').textContent);
    var formats = {
      percent: function (v) { return (v * 100).toFixed(2).replace(/\\.?0+$/, '') + '%'; },
      count: function (v) { return Number(v).toLocaleString('en-US'); },
      number: function (v) { return Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 }); }
    };
    specs.forEach(function (spec) {
      var format = formats[spec.format];
      var options = spec.config.options;
      options.scales.y.ticks.callback = function (v) { return format(v); };
      options.plugins.tooltip = {
        callbacks: {
          label: function (ctx) {
            return ctx.dataset.label + ': ' + (ctx.parsed.y === null ? 'n/a' : format(ctx.parsed.y));
          }
        }
      };
      new Chart(document.getElementById('chart-' + spec.id), spec.config);
    });
    body.setAttribute('data-charts', 'rendered');
  } catch (err) {
    body.setAttribute('data-charts', 'error');
    var p = document.createElement('p');
    p.className = 'error';
    p.textContent = 'The charts could not be drawn: ' + err;
    document.querySelector('main').prepend(p);
  }
})();
`;

/**
 * The page's style: readable on a laptop, on a 390 px phone (no sideways scrolling of the page:
 * grids collapse to one column, wide tables scroll inside their own box, long keys wrap) and
 * when printed.
 */
export const STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2b36; background: #f6f7f9; }
body { margin: 0; }
header { background: #1d3557; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; opacity: .85; font-size: 14px; }
main { padding: 24px 32px; max-width: 1400px; margin: 0 auto; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-bottom: 24px; }
.card { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.card .value { font-size: 24px; font-weight: 600; }
.card .label { font-size: 13px; color: #5c6b77; }
.card.bad .value { color: #c1121f; }
.card.warn .value { color: #a05a00; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr)); gap: 16px; }
section .charts { margin-top: 16px; }
figure { min-width: 0; margin: 0; background: #fff; border-radius: 8px; padding: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
figure h2 { margin: 0 0 8px; font-size: 16px; }
.canvas-box { position: relative; height: 280px; }
figcaption { margin-top: 8px; font-size: 13px; color: #5c6b77; }
section { margin-top: 28px; }
section h2 { font-size: 18px; }
.scroll { overflow-x: auto; max-width: 100%; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.scroll table { box-shadow: none; }
table { border-collapse: collapse; background: #fff; width: 100%; font-size: 14px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e7eb; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { background: #fff1f0; }
td.key code { overflow-wrap: anywhere; }
.rule-meta { font-size: 12px; color: #5c6b77; font-weight: 400; }
.rule-matrix th { white-space: nowrap; }
.rule-cell { white-space: nowrap; font-variant-numeric: tabular-nums; text-align: right; }
.rule-cell .verdict { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.rule-cell.pass .verdict, .rule-cell.none { color: #5c6b77; }
.rule-cell.warn { background: #fff4e0; color: #7a4500; }
.rule-cell.fail { background: #fde8e8; color: #9b0d18; font-weight: 600; }
.rule-cell.accepted { background: #eef3fb; color: #1d3f73; }
.rule-cell .accepted-by { font-size: 12px; white-space: normal; max-width: 16em; text-align: left; }
.error { color: #c1121f; font-weight: 600; }
.muted { color: #5c6b77; }
@media (max-width: 600px) {
  header { padding: 16px; }
  header h1 { font-size: 19px; }
  main { padding: 16px 12px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .card .value { font-size: 20px; }
  figure { padding: 12px; }
  .canvas-box { height: 240px; }
  th, td { padding: 6px 8px; }
}
@media print { .charts { grid-template-columns: 1fr; } figure, table { box-shadow: none; } }
`;
