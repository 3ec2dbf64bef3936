/** Fast, allocation-light ISO-8601 formatting of times within a known UTC day. */

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export const DAY_MS = 86_400_000;

/** The calendar date `days` after `date` (negative: before), `YYYY-MM-DD`. */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * `YYYY-MM-DDTHH:MM:SS.mmm+00:00` for a millisecond of the day `date`: an explicit UTC offset,
 * as the contract's `iso8601_offset` format asks. Table lookups instead of `Date`, because the
 * generator formats two timestamps per event.
 */
export function isoAt(date: string, msOfDay: number): string {
  const ms = Math.min(Math.max(0, Math.floor(msOfDay)), DAY_MS - 1);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${date}T${PAD2[h]!}:${PAD2[m]!}:${PAD2[s]!}.${PAD3[ms % 1000]!}+00:00`;
}
