/** Longest range one backfill accepts: a year of dates. */
export const MAX_BACKFILL_DAYS = 366;

/**
 * Every calendar date from `from` to `to` inclusive (`YYYY-MM-DD`, already validated), in
 * order: the order a backfill rebuilds them, one at a time. Empty when `from` is after `to`.
 */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}
