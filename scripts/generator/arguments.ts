import { isoDateSchema } from '../../handlers/lib/manifest/manifest-document';
import { CliError } from '../cli/cli-error';
import { DAY_MS, shiftDate } from './timestamps';

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
};

/** A size such as `512`, `64KiB`, `10MB`, `1.5GiB` in bytes; `what` names the flag in errors. */
export function parseSize(text: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new CliError(`${what} must be a size like 500KB, 10MB or 1.5GiB, not "${text}"`);
  }
  const bytes = Math.round(Number(match[1]) * unit);
  if (bytes < 1) throw new CliError(`${what} must be at least 1 byte, not "${text}"`);
  return bytes;
}

/** A whole number within bounds, e.g. `--events`, `--seed`. */
export function parseCount(text: string, what: string, min = 0, max = 2 ** 31 - 1): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`${what} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return n;
}

/** A rate: a fraction `0.05` or a percentage `5%`, from 0 to 1. */
export function parseRate(text: string, what: string): number {
  const pct = text.trim().endsWith('%');
  const n = Number(pct ? text.trim().slice(0, -1) : text);
  const value = pct ? n / 100 : n;
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new CliError(`${what} must be a fraction from 0 to 1 (or 0% to 100%), not "${text}"`);
  }
  return value;
}

function calendarDate(text: string, what: string): string {
  if (!isoDateSchema.safeParse(text).success) {
    throw new CliError(`${what}: "${text}" is not a calendar date in YYYY-MM-DD form`);
  }
  return text;
}

/** Longest range `--dates` accepts, so a typo in a year does not generate a decade. */
const MAX_DAYS = 3660;

/**
 * Dates from `2026-11-01`, a list `2026-11-01,2026-11-05` or a range `2026-11-01..2026-11-07`
 * (both ends included), each checked to be a real calendar date.
 */
export function parseDates(spec: string, what = '--dates'): string[] {
  const dates: string[] = [];
  for (const part of spec.split(',').map((p) => p.trim())) {
    const range = part.split('..');
    if (range.length > 2)
      throw new CliError(`${what}: "${part}" is not a date or a FROM..TO range`);
    const from = calendarDate(range[0]!, what);
    const to = calendarDate(range[1] ?? from, what);
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
    if (days < 0) throw new CliError(`${what}: range ${part} ends before it starts`);
    if (dates.length + days + 1 > MAX_DAYS)
      throw new CliError(`${what}: more than ${MAX_DAYS} dates`);
    for (let d = 0; d <= days; d += 1) dates.push(shiftDate(from, d));
  }
  if (new Set(dates).size !== dates.length) throw new CliError(`${what}: a date is listed twice`);
  return dates;
}
