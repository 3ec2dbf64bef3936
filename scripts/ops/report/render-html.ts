import type { ChartSpec } from './chart-specs';
import type { DateReport, ReportData } from './report-data';
import { escapeHtml, int, pct, scriptJson } from './html-text';
import { RENDER_SCRIPT, STYLE } from './page-assets';
import { quarantineSection } from './render-quarantine';
import { rulesSection } from './render-rules';

export { escapeHtml, scriptJson } from './html-text';

function duration(ms: number): string {
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A summary figure; `tone` is only set when the figure is a problem, not merely non-zero. */
const card = (label: string, value: string, tone: 'bad' | 'warn' | '' = ''): string =>
  `<div class="card${tone ? ` ${tone}` : ''}"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;

const figure = (c: ChartSpec): string =>
  `<figure class="chart" id="figure-${c.id}"><h2>${escapeHtml(c.title)}</h2>` +
  `<div class="canvas-box"><canvas id="chart-${c.id}" role="img" aria-label="${escapeHtml(c.title)}"></canvas></div>` +
  `<figcaption>${escapeHtml(c.caption)}</figcaption></figure>`;

function dateRow(d: DateReport): string {
  const cells = [
    `<td>${d.date}</td>`,
    `<td class="num">${d.runs}</td>`,
    `<td class="num">${d.failedRuns}</td>`,
    `<td class="num">${int(d.rows.output)}</td>`,
    `<td class="num">${d.tableRows === null ? '–' : int(d.tableRows)}</td>`,
    `<td class="num">${pct(d.rejectRate)} / ${pct(d.rejectThreshold)}</td>`,
    `<td class="num">${pct(d.duplicateRate)} / ${pct(d.duplicateThreshold)}</td>`,
    `<td class="num">${int(d.drift.rows)}</td>`,
    `<td class="num">${d.latencyMs ? `${duration(d.latencyMs.p50)} / ${duration(d.latencyMs.max)}` : '–'}</td>`,
  ];
  return `<tr${d.failedRuns > 0 ? ' class="failed"' : ''}>${cells.join('')}</tr>`;
}

function failuresSection(data: ReportData): string {
  if (data.failures.length === 0)
    return '<section><h2>Failed runs</h2><p class="muted">No run failed in this range.</p></section>';
  const rows = data.failures
    .map(
      (f) =>
        `<tr class="failed"><td>${f.date}</td><td>${escapeHtml(f.runId)}</td><td>${f.kind}</td><td>${escapeHtml(f.finishedAt)}</td>` +
        `<td>${f.reasons.map(escapeHtml).join('<br>')}</td></tr>`,
    )
    .join('');
  return `<section><h2>Failed runs (curated data of these dates was left untouched)</h2><div class="scroll"><table><thead><tr><th>date</th><th>run</th><th>kind</th><th>finished</th><th>why</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

function skippedSection(data: ReportData): string {
  if (data.skipped.length === 0) return '';
  const items = data.skipped
    .map((s) => `<li><code>${escapeHtml(s.key)}</code>: ${escapeHtml(s.reason)}</li>`)
    .join('');
  return `<section><h2>Metrics documents not read</h2><ul>${items}</ul></section>`;
}

/**
 * The report as one self-contained HTML page: the Chart.js bundle and the data are inlined, so
 * it opens offline. Every text from the documents is escaped; the chart configurations travel
 * as JSON in a data script element.
 */
export function renderReportHtml(
  data: ReportData,
  charts: readonly ChartSpec[],
  chartJs: string,
): string {
  const first = data.dates[0]?.date;
  const last = data.dates.at(-1)?.date;
  const range = first ? (first === last ? first : `${first} to ${last}`) : 'no dates';
  const t = data.totals;
  const body =
    data.dates.length === 0
      ? '<p class="muted">No metrics documents in this range: nothing has been transformed yet.</p>'
      : `<div class="charts">${charts
          .filter((c) => c.section === 'overview')
          .map(figure)
          .join('')}</div>
${rulesSection(
  data.rules,
  charts
    .filter((c) => c.section === 'rules')
    .map(figure)
    .join(''),
)}
<section><h2>Per date</h2><div class="scroll"><table><thead><tr><th>date</th><th class="num">runs</th><th class="num">failed</th><th class="num">curated rows</th><th class="num">rows in table</th><th class="num">reject rate / max</th><th class="num">duplicate rate / max</th><th class="num">drift rows</th><th class="num">latency median / slowest</th></tr></thead><tbody>${data.dates.map(dateRow).join('')}</tbody></table></div></section>
${failuresSection(data)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pipeline report: ${escapeHtml(data.env)}, ${escapeHtml(range)}</title>
<style>${STYLE}</style>
</head>
<body data-charts="pending">
<header><h1>Curated events pipeline: ${escapeHtml(data.env)}</h1>
<p>${escapeHtml(range)} · built from ${t.runs} run metrics document(s) · generated ${escapeHtml(data.generatedAt)}</p></header>
<main>
<div class="cards">${[
    card('ingestion dates', int(t.dates)),
    card('runs', int(t.runs)),
    card('failed runs', int(t.failedRuns), t.failedRuns > 0 ? 'bad' : ''),
    card('curated rows', int(t.rowsOutput)),
    // Rejects within the rule's threshold are normal: only a date over it is a problem.
    card(
      'rows rejected in curated runs',
      int(t.rowsRejected),
      t.datesOverRejectThreshold > 0 ? 'bad' : '',
    ),
    card(
      'rule failures (hard / warn)',
      `${int(t.ruleFailures)} / ${int(t.ruleWarnings)}`,
      t.ruleFailures > 0 ? 'bad' : t.ruleWarnings > 0 ? 'warn' : '',
    ),
    ...(data.quarantine
      ? [
          card(
            'quarantined files not released',
            int(data.quarantine.open),
            data.quarantine.open > 0 ? 'warn' : '',
          ),
        ]
      : []),
  ].join('')}</div>
${body}
${quarantineSection(data.quarantine)}
${skippedSection(data)}
</main>
<script>${chartJs}</script>
<script type="application/json" id="report-charts">${scriptJson(data.dates.length === 0 ? [] : charts)}</script>
<script>${RENDER_SCRIPT}</script>
</body>
</html>
`;
}
