/** Which dates a status report covers. */
export interface DateWindow {
  readonly from?: string;
  readonly to?: string;
  /** With neither bound: the most recent `days` dates that had files tracked. */
  readonly days: number;
}

/**
 * Picks the dates to report from the dates that had files tracked (sorted, `YYYY-MM-DD`):
 * those within `from`..`to` when either is given, else the `days` most recent, so the screen
 * stays one screen and a `--watch` refresh stays cheap.
 */
export function selectDates(open: readonly string[], w: DateWindow): string[] {
  const sorted = [...new Set(open)].sort();
  if (w.from !== undefined || w.to !== undefined) {
    return sorted.filter(
      (d) => (w.from === undefined || d >= w.from) && (w.to === undefined || d <= w.to),
    );
  }
  return w.days <= 0 ? [] : sorted.slice(-w.days);
}
