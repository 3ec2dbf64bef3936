import type { SensorSettings } from '../lib/config/pipeline-settings';

const DAY_MS = 86_400_000;

type Expectation = Pick<SensorSettings, 'expectedDateLagDays' | 'cutoffUtc'>;

const cutoffMs = (cutoffUtc: string): number => {
  const [h, m] = cutoffUtc.split(':').map(Number) as [number, number];
  return (h * 60 + m) * 60_000;
};

/**
 * The instant by which the first file of `date` must have arrived: the cutoff time of day,
 * `expectedDateLagDays` after the date (lag 1, cutoff 02:00: 02:00 UTC the next day).
 */
export function deadlineOf(date: string, e: Expectation): Date {
  return new Date(
    Date.parse(`${date}T00:00:00Z`) + e.expectedDateLagDays * DAY_MS + cutoffMs(e.cutoffUtc),
  );
}

/**
 * The dates whose deadline has passed at `now`, latest first, `lookbackDays` of them: the latest
 * due date and the ones before it, so a run that was skipped or an alert that could not be
 * published is caught up by the next run. Pure, so the calendar logic is tested on its own.
 */
export function dueDates(
  now: Date,
  e: Expectation & Pick<SensorSettings, 'lookbackDays'>,
): string[] {
  const latest = Date.parse(
    `${new Date(now.getTime() - e.expectedDateLagDays * DAY_MS - cutoffMs(e.cutoffUtc))
      .toISOString()
      .slice(0, 10)}T00:00:00Z`,
  );
  return Array.from({ length: e.lookbackDays }, (_, i) =>
    new Date(latest - i * DAY_MS).toISOString().slice(0, 10),
  );
}
