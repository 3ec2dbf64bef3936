import type { ReportedMetrics } from './metrics-documents';

/** Runs in the order they finished (run id breaks ties), so "latest" always names one run. */
export const byFinish = (a: ReportedMetrics, b: ReportedMetrics): number =>
  a.finishedAt.localeCompare(b.finishedAt) || a.runId.localeCompare(b.runId);
