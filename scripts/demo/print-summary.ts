import type { DateSummary } from './collect-summary';

const fmt = (n: number): string => n.toLocaleString('en-US');
const counts = (o: Partial<Record<string, number>>): string =>
  Object.entries(o)
    .map(([k, v]) => `${v} ${k.toLowerCase()}`)
    .join(', ') || 'none';

/** The per-date lines the demo prints: files, manifests, rows and verdicts, quarantine reasons. */
export function summaryLines(dates: readonly DateSummary[]): string[] {
  const lines: string[] = [];
  const header = [
    'date',
    'files',
    'manifests',
    'rows read',
    'curated',
    'rejected',
    'duplicates',
    'DQ',
  ];
  const rows = dates.map((d) => {
    const sum = (pick: (r: DateSummary['runs'][number]) => number) =>
      d.runs.reduce((a, r) => a + pick(r), 0);
    const failed = d.runs.filter((r) => r.status !== 'passed');
    const verdict =
      d.runs.length === 0
        ? 'no run'
        : failed.length === 0
          ? 'passed'
          : `FAILED (${failed.length} run(s))`;
    return [
      d.date,
      counts(d.files),
      counts(d.manifests),
      fmt(sum((r) => r.read)),
      fmt(sum((r) => (r.status === 'passed' ? r.output : 0))),
      fmt(sum((r) => r.rejected)),
      fmt(sum((r) => r.duplicates)),
      verdict,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  lines.push(line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
  const quarantined = dates.flatMap((d) => d.quarantined);
  lines.push('', `quarantined files: ${quarantined.length}`);
  for (const q of quarantined) lines.push(`  ${q.key}: ${q.reason}`);
  const failures = dates.flatMap((d) =>
    d.runs.filter((r) => r.status !== 'passed').map((r) => ({ date: d.date, r })),
  );
  for (const { date, r } of failures)
    lines.push(`  DQ failure ${date} (${r.runId}): ${r.reasons.join('; ')}`);
  return lines;
}
