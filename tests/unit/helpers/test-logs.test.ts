/** Where a test run's handler logs go: one folder per run, one file per test file. */
import { join } from 'node:path';
import { testLogPath } from '../../helpers/handler-log-environment';
import { newTestRunId } from '../../helpers/test-run';

const ROOT = join(__dirname, '..', '..', '..');

describe('test logs', () => {
  it('names a run by its start time and process, safe in a path', () => {
    const id = newTestRunId(new Date('2026-12-01T14:28:26.123Z'), 4711);
    expect(id).toBe('2026-12-01T14-28-26-123Z-4711');
  });

  it('gives each test file of a run its own log under .pipeline/test-logs/<run>/', () => {
    const file = join(ROOT, 'tests/integration/local/runtime-timeout.test.ts');
    expect(testLogPath('run-1', file)).toBe(
      join(
        ROOT,
        '.pipeline/test-logs/run-1/tests__integration__local__runtime-timeout.test.ts.log',
      ),
    );
    expect(testLogPath('run-1', join(ROOT, 'tests/e2e/chaos.test.ts'))).not.toBe(
      testLogPath('run-2', join(ROOT, 'tests/e2e/chaos.test.ts')),
    );
  });
});
