/** Most dates the report asks the tracking table about: one index query each. */
export const MAX_QUARANTINE_DATES = 400;

const DAY_MS = 86_400_000;

/**
 * The dates whose quarantined files the report lists: every calendar date from the first to the
 * last of the report's dates and the asked range. Not only the dates that had runs: a date whose
 * every file was quarantined has no run, and is the one an operator most needs to see. Past
 * {@link MAX_QUARANTINE_DATES} the span is cut to its newest dates.
 */
export function quarantineDates(
  reportDates: readonly string[],
  range: { readonly from?: string; readonly to?: string },
): string[] {
  const bounds = [...reportDates, range.from, range.to].filter((d): d is string => !!d).sort();
  if (bounds.length === 0) return [];
  const first = Date.parse(`${bounds[0]}T00:00:00Z`);
  const last = Date.parse(`${bounds.at(-1)}T00:00:00Z`);
  const start = Math.max(first, last - (MAX_QUARANTINE_DATES - 1) * DAY_MS);
  const dates: string[] = [];
  for (let t = start; t <= last; t += DAY_MS) dates.push(new Date(t).toISOString().slice(0, 10));
  return dates;
}
