import { isoDateSchema } from '../../../handlers/lib/manifest/manifest-document';
import { CliError } from '../../cli/cli-error';
import type { DateWindow } from './date-window';

/**
 * A command-line date: `YYYY-MM-DD` and a real calendar day (2026-02-30 is refused), as a
 * one-line user error naming the option.
 */
export function parseDateOption(option: string, value: string): string {
  const parsed = isoDateSchema.safeParse(value);
  if (!parsed.success)
    throw new CliError(`${option} must be a calendar date YYYY-MM-DD, not "${value}"`);
  return parsed.data;
}

/** A whole number within bounds, or a one-line user error naming the option. */
export function parseIntOption(option: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(`${option} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

/** The date window of `pipeline status` from its options. */
export function dateWindowOptions(o: { from?: string; to?: string; days: string }): DateWindow {
  const from = o.from === undefined ? undefined : parseDateOption('--from', o.from);
  const to = o.to === undefined ? undefined : parseDateOption('--to', o.to);
  if (from !== undefined && to !== undefined && from > to)
    throw new CliError(`--from ${from} is after --to ${to}`);
  return {
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    days: parseIntOption('--days', o.days, 1, 366),
  };
}
