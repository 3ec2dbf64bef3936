import { escapeHtml, int } from './html-text';
import type { QuarantinedFile, QuarantineView } from './quarantine-view';

const row = (f: QuarantinedFile): string =>
  `<tr class="quarantine-${f.state === 'released' ? 'released' : 'open'}">` +
  `<td>${f.date ?? '(no date)'}</td>` +
  `<td class="key"><code>${escapeHtml(f.key)}</code><div class="rule-meta">version ${escapeHtml(f.version)} · ${int(f.size)} bytes · ${escapeHtml(f.quarantinedAt)}</div></td>` +
  `<td>${escapeHtml(f.reason)}${f.codes.length > 0 ? `<div class="rule-meta">${f.codes.map(escapeHtml).join(', ')}</div>` : ''}</td>` +
  `<td>${escapeHtml(f.state)}<div class="rule-meta">${escapeHtml(f.action)}</div></td></tr>`;

/**
 * Quarantined files with their reasons and what to do about each; left out when the tracking
 * table was not read, said plainly when nothing is quarantined.
 */
export function quarantineSection(q: QuarantineView | null): string {
  if (!q) return '';
  if (q.files.length === 0)
    return '<section id="quarantine"><h2>Quarantined files</h2><p class="muted">No file of these dates is in quarantine.</p></section>';
  return (
    `<section id="quarantine"><h2>Quarantined files (${q.open} not released)</h2>` +
    `<div class="scroll"><table class="quarantine"><thead><tr><th>date</th><th>file</th><th>why</th><th>state</th></tr></thead>` +
    `<tbody>${q.files.map(row).join('')}</tbody></table></div></section>`
  );
}
