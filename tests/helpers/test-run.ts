/**
 * Names one run of the test suite (set by jest.config.cjs before workers start), so every
 * test file of the run writes its handlers' log into the same folder.
 */
export const TEST_RUN_ENV = 'PIPELINE_TEST_RUN_ID';

/** A run id that sorts by time and is safe in a path: 2026-12-01T14-28-26-123Z-4711. */
export function newTestRunId(now = new Date(), pid = process.pid): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${pid}`;
}
