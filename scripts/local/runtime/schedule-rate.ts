/**
 * Period of an EventBridge `rate(...)` expression in milliseconds; undefined for `cron(...)`,
 * which the local runtime fires only when the queues are idle (see LocalRuntime).
 */
export function ratePeriodMs(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const unit = match[2]!.replace(/s$/, '');
  const ms = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[unit]!;
  return Number(match[1]) * ms;
}
