import { escapeHtml, int, pct } from './html-text';
import { ruleChartId } from './rule-charts';
import type { RuleCell, RuleMatrix, RuleRow } from './rule-matrix';

const value = (row: RuleRow, x: number): string => (row.format === 'count' ? int(x) : pct(x));

function cell(row: RuleRow, c: RuleCell | null): string {
  if (!c) return '<td class="rule-cell none">not run</td>';
  const limit = `${row.bound === 'min' ? 'min' : 'max'} ${value(row, c.threshold)}`;
  const measured = c.message ? `${c.message} (run ${c.runId})` : `${limit} (run ${c.runId})`;
  const who = c.accepted
    ? `accepted by ${c.accepted.by} at ${c.accepted.at}: ${c.accepted.reason}`
    : '';
  const title = who ? `${measured}; ${who}` : measured;
  return (
    `<td class="rule-cell ${c.verdict}" title="${escapeHtml(title)}">` +
    `<span class="verdict">${c.verdict}</span> <span class="measured">${value(row, c.value)}</span>` +
    (c.accepted
      ? `<div class="accepted-by">by ${escapeHtml(c.accepted.by)}: ${escapeHtml(c.accepted.reason)}</div>`
      : '') +
    '</td>'
  );
}

function head(row: RuleRow): string {
  const latest = row.cells.filter((c): c is RuleCell => c !== null).at(-1);
  const limit = latest
    ? `, ${row.bound === 'min' ? 'min' : 'max'} ${value(row, latest.threshold)}`
    : '';
  return (
    `<th scope="row"><a href="#figure-${escapeHtml(ruleChartId(row))}">${escapeHtml(row.id)}</a>` +
    `<div class="rule-meta">${row.severity}${escapeHtml(limit)}</div></th>`
  );
}

/**
 * The rule-by-date matrix: one row per rule, one column per date, each cell the verdict in words
 * (colour is never the only sign) and the measured value, the rule's message on hover. The
 * table scrolls inside its box, so many dates never widen the page.
 */
export function rulesSection(m: RuleMatrix, charts: string): string {
  if (m.rules.length === 0)
    return '<section id="rules"><h2>Data-quality rules</h2><p class="muted">No run evaluated a rule in this range.</p></section>';
  const cols = m.dates.map((d) => `<th scope="col" class="num">${d}</th>`).join('');
  const rows = m.rules
    .map((row) => `<tr>${head(row)}${row.cells.map((c) => cell(row, c)).join('')}</tr>`)
    .join('');
  return (
    `<section id="rules"><h2>Data-quality rules by date</h2>` +
    `<p class="muted">Each date as its latest run measured it: pass, warn (a warning rule failed) or fail (a hard rule failed: nothing was committed).</p>` +
    `<div class="scroll"><table class="rule-matrix"><thead><tr><th scope="col">rule</th>${cols}</tr></thead><tbody>${rows}</tbody></table></div>` +
    `${charts ? `<div class="charts">${charts}</div>` : ''}</section>`
  );
}
