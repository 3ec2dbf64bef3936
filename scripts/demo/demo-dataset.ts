import type { GeneratorOptionsInput } from '../generator/options';

const DAY_MS = 86_400_000;

/** The `days` dates that end yesterday (UTC), oldest first: complete days, as a daily feed has. */
export function recentDates(days: number, today: Date = new Date()): string[] {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(midnight - (days - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/**
 * What the demo generates: a few days of app events in files of about 1 MB, with what real
 * feeds have (late events, producer retries that duplicate lines, missing user ids, the odd
 * unreadable line) at rates the data-quality rules accept, and one bad file that the builder
 * quarantines, so every path of the pipeline shows up in the summary.
 */
export function demoDataset(seed: number, dates: readonly string[]): GeneratorOptionsInput {
  return {
    seed,
    source: 'app',
    dates: [...dates],
    size: { events: 12_000 * dates.length },
    fileBytes: 1024 * 1024,
    rates: {
      late: 0.03,
      duplicate: 0.01,
      nullUser: 0.01,
      badLine: 0.002,
      badFile: 1 / (4 * dates.length),
    },
    badFileKinds: ['wrong-extension'],
  };
}
