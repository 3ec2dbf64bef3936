/** Counts of one invocation: returned by the core, emitted as EMF metrics by the handler. */
export interface BuilderReport {
  filesTracked: number;
  duplicates: number;
  quarantined: number;
  manifestsEmitted: number;
  manifestsRedriven: number;
  lockContention: number;
  testEvents: number;
  invalidNotifications: number;
  ignoredRecords: number;
}

/** A report with every count at zero. */
export const emptyReport = (): BuilderReport => ({
  filesTracked: 0,
  duplicates: 0,
  quarantined: 0,
  manifestsEmitted: 0,
  manifestsRedriven: 0,
  lockContention: 0,
  testEvents: 0,
  invalidNotifications: 0,
  ignoredRecords: 0,
});

/** Adds `more` into `into` (counts only). */
export function addReport(into: BuilderReport, more: Partial<BuilderReport>): BuilderReport {
  for (const [key, value] of Object.entries(more) as [keyof BuilderReport, number][]) {
    into[key] += value;
  }
  return into;
}
