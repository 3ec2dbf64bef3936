import type { RebuildResult } from '../backfill/wait';
import type { DqAcceptResult } from './accept';

/** What `dq accept` recorded, in one line. */
export function acceptanceLine(r: DqAcceptResult): string {
  const a = r.acceptance;
  const what = `${a.source} ${a.ingestionDate} rule ${a.rule}`;
  return r.recorded
    ? `accepted ${what} by ${a.by} at ${a.at}: ${a.reason}`
    : `${what} was already accepted by ${a.by} at ${a.at} (${a.reason}); that acceptance stands`;
}

/** The rebuild `dq accept` requested, and how it ended when the command waited for it. */
export function rebuildLine(r: DqAcceptResult, rebuild?: RebuildResult): string {
  const date = r.acceptance.ingestionDate;
  if (!rebuild) {
    return `rebuild of ${date} requested at ${r.requestedAt}; it runs where the manifest queue is consumed (Lambda, pipeline run --watch); pipeline status shows it`;
  }
  switch (rebuild.status) {
    case 'passed':
      return `rebuild ${rebuild.run.runId} of ${date} passed: ${rebuild.run.rowsOutput} rows published`;
    case 'superseded':
      return `a newer rebuild of ${date} (${rebuild.generation}) is current; it includes this acceptance`;
    case 'failed':
      return `rebuild ${rebuild.run.runId} of ${date} failed: ${rebuild.run.reasons.join('; ') || rebuild.run.failedRules.join(', ')}; another rule holds the date`;
    case 'timeout':
      return `no result for the rebuild of ${date} after ${Math.round(rebuild.waitedMs / 1000)}s; pipeline status shows where it is`;
  }
}
