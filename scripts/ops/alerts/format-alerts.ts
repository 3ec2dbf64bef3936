import type { InboxEntry } from './inbox-alerts';

const value = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** The date an alert is about: its ingestion date when it has one, else when it happened. */
export function alertDate(e: InboxEntry): string {
  if (!e.ok) return '-';
  const date = e.alert.details.ingestionDate;
  return typeof date === 'string' ? date : e.alert.occurredAt.slice(0, 10);
}

/**
 * Alerts as an on-call person reads them: one header line (when, kind, date, subject), then
 * the summary and the details as `key: value` lines, indented.
 */
export function formatAlerts(entries: readonly InboxEntry[]): string[] {
  if (entries.length === 0) return ['no alerts'];
  const lines: string[] = [];
  for (const e of entries) {
    if (!e.ok) {
      lines.push(`?  unreadable message ${e.messageId}: ${e.body.slice(0, 200)}`);
      continue;
    }
    const a = e.alert;
    lines.push(`${a.occurredAt}  ${a.kind}  ${alertDate(e)}  ${a.subject}`);
    lines.push(`    ${a.summary}`);
    for (const [k, v] of Object.entries(a.details)) lines.push(`    ${k}: ${value(v)}`);
  }
  return lines;
}
