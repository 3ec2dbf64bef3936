import { FILE_STATUS, MANIFEST_STATUS } from '../../../handlers/lib/tracking/statuses';
import type { StatusReport } from './report';

/** `90` -> `1m30s`: ages an on-call person reads at a glance. */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h${m % 60 ? `${m % 60}m` : ''}` : `${Math.floor(h / 24)}d${h % 24}h`;
}

/** A backfill's progress record (status, date, reason) in words; `-` for plain locks. */
export function lockState(details: Readonly<Record<string, unknown>>): string {
  const { status, current_date: date, reason } = details;
  if (typeof status !== 'string') return '-';
  const at = typeof date === 'string' ? ` at ${date}` : '';
  return `${status}${at}${typeof reason === 'string' ? `: ${reason}` : ''}`;
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((row) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

const FILE_COLUMNS = [
  FILE_STATUS.pending,
  FILE_STATUS.manifested,
  FILE_STATUS.done,
  FILE_STATUS.quarantined,
  FILE_STATUS.failed,
] as const;
const MANIFEST_COLUMNS = Object.values(MANIFEST_STATUS);

const OLDEST_LABEL = {
  'dlq-sample': 'oldest message',
  'pending-file': 'oldest pending file',
  'queued-manifest': 'oldest queued manifest',
} as const;

/**
 * The one screen of `pipeline status`: queues, dates (files and manifests by status, current
 * generation, late data), latest runs with their DQ verdicts, DQ acceptances, locks. Plain text, no colours,
 * so it reads the same in a terminal, a CI log and a ticket.
 */
export function renderStatus(r: StatusReport): string {
  const out: string[] = [`pipeline status (${r.env}) at ${r.generatedAt}`, '', 'Queues'];
  out.push(
    ...table([
      ['queue', 'visible', 'in flight', 'delayed', 'oldest'],
      ...r.queues.map((q) => [
        q.name,
        String(q.visible),
        String(q.inFlight),
        String(q.delayed),
        q.oldestAgeSeconds === null
          ? '-'
          : `${formatAge(q.oldestAgeSeconds)} (${OLDEST_LABEL[q.oldestBasis]})`,
      ]),
    ]).map((l) => `  ${l}`),
  );
  out.push('', 'Dates (files | manifests)');
  if (r.dates.length === 0) out.push('  no files tracked in this window');
  else
    out.push(
      ...table([
        [
          'date',
          ...FILE_COLUMNS.map((s) => s.toLowerCase()),
          '|',
          ...MANIFEST_COLUMNS.map((s) => s.toLowerCase()),
          'generation',
          'late data',
        ],
        ...r.dates.map((d) => [
          d.date,
          ...FILE_COLUMNS.map((s) => String(d.files[s])),
          '|',
          ...MANIFEST_COLUMNS.map((s) => String(d.manifests[s])),
          d.generation ? `${d.generation.id} (${d.generation.rows} rows)` : '-',
          d.late
            ? `${d.late.files} file(s) since ${d.late.reference.basis === 'rebuild' ? 'rebuild' : 'first curated'} ${d.late.reference.since}` +
              (d.late.manifests.length
                ? `, ${d.late.manifests.length} manifest(s) outside the generation`
                : '')
            : '-',
        ]),
      ]).map((l) => `  ${l}`),
    );
  out.push('', 'Latest runs');
  if (r.runs.length === 0) out.push('  no runs recorded for these dates');
  else
    out.push(
      ...table([
        [
          'finished',
          'date',
          'run',
          'kind',
          'verdict',
          'rows in/out',
          'rejected',
          'dups',
          'refused files',
        ],
        ...r.runs.map((x) => [
          x.finishedAt,
          x.date,
          x.runId,
          x.kind,
          x.status === 'failed'
            ? `FAILED ${x.failedRules.join(',') || x.reasons.join('; ')}`
            : x.status,
          `${x.rowsRead}/${x.rowsOutput}`,
          String(x.rowsRejected),
          String(x.rowsDuplicate),
          String(x.filesRefused),
        ]),
      ]).map((l) => `  ${l}`),
    );
  out.push('', 'DQ acceptances (published despite a hard rule: pipeline dq accept)');
  if (r.acceptances.length === 0) out.push('  none for these dates');
  else
    out.push(
      ...table([
        ['date', 'source', 'rule', 'by', 'at', 'reason'],
        ...r.acceptances.map((a) => [a.ingestionDate, a.source, a.rule, a.by, a.at, a.reason]),
      ]).map((l) => `  ${l}`),
    );
  out.push('', 'Locks');
  if (r.locks.length === 0) out.push('  none held');
  else
    out.push(
      ...table([
        ['lock', 'owner', 'acquired', 'expires', 'state'],
        ...r.locks.map((l) => [
          l.lockId,
          l.owner,
          l.acquiredAt ?? '-',
          `${new Date(l.expiresAt * 1000).toISOString()}${l.expired ? ' (expired)' : ''}`,
          lockState(l.details),
        ]),
      ]).map((l) => `  ${l}`),
    );
  out.push(
    '',
    r.lateDates.length
      ? `Late data: ${r.lateDates.join(', ')} (fold in with: pipeline backfill --from <date> --to <date>)`
      : 'Late data: none',
  );
  return `${out.join('\n')}\n`;
}
