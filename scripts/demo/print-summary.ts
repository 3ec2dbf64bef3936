import type { DateSummary } from './collect-summary';

const fmt = (n: number): string => n.toLocaleString('en-US');
const counts = (o: Partial<Record<string, number>>): string =>
  Object.entries(o)
    .map(([k, v]) => `${v} ${k.toLowerCase()}`)
    .join(', ') || 'none';

/**
 * The per-date lines the demo prints: files, manifests, rows and verdicts, then every file
 * that was not curated as a whole with its reason: quarantined by the builder (dated or not),
 * refused by the transform.
 */
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
    'refused files',
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
      sum((r) => r.refusedFiles) === 0
        ? '0'
        : `${fmt(sum((r) => r.refusedFiles))} (${fmt(sum((r) => r.refusedLines))} lines)`,
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
  const refused = dates.flatMap((d) => d.runs.flatMap((r) => r.refused));
  const refusedCount = dates.reduce(
    (n, d) => n + d.runs.reduce((m, r) => m + r.refusedFiles, 0),
    0,
  );
  lines.push(`refused files (the rest of their manifest was curated): ${refusedCount}`);
  for (const reason of refused) lines.push(`  ${reason}`);
  if (refused.length < refusedCount) {
    lines.push(
      `  ... and ${refusedCount - refused.length} more (metrics/ documents list them all)`,
    );
  }
  const failures = dates.flatMap((d) =>
    d.runs.filter((r) => r.status !== 'passed').map((r) => ({ date: d.date, r })),
  );
  for (const { date, r } of failures)
    lines.push(`  DQ failure ${date} (${r.runId}): ${r.reasons.join('; ')}`);
  return lines;
}
