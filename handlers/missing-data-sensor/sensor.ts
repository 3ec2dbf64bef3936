import { checkDlq, type DlqCheck } from './dlq-depth';
import type { SensorDeps } from './dependencies';
import { clock } from './dependencies';
import { dueDates } from './expected-dates';
import { checkDate, type DateCheck } from './missing-data';

/** What one sensor run found and did. */
export interface SensorReport {
  readonly checkedAt: string;
  readonly dates: readonly DateCheck[];
  readonly dlqs: readonly DlqCheck[];
  /** Alerts this run published. */
  readonly alertsSent: number;
}

/**
 * One sensor run: for each expected source and each due date (the latest whose cutoff passed,
 * and the lookback before it), alert once if no raw file arrived; then alert once per DLQ whose
 * backlog grew. Every check runs even when one fails; the first failure is rethrown after all,
 * so one broken check neither hides the others nor passes silently (the Lambda error alarm).
 */
export async function runSensor(d: SensorDeps): Promise<SensorReport> {
  const now = clock(d);
  const dates = dueDates(now, d.config.expectations);
  const failures: unknown[] = [];
  const attempt = async <T>(work: () => Promise<T>): Promise<T[]> => {
    try {
      return [await work()];
    } catch (err) {
      failures.push(err);
      d.logger.error('sensor check failed', { error: err as Error });
      return [];
    }
  };
  const dateChecks: DateCheck[] = [];
  for (const source of d.config.expectations.sources) {
    for (const date of dates) dateChecks.push(...(await attempt(() => checkDate(d, source, date))));
  }
  const dlqChecks: DlqCheck[] = [];
  for (const dlq of d.config.dlqs) dlqChecks.push(...(await attempt(() => checkDlq(d, dlq))));
  const report: SensorReport = {
    checkedAt: now.toISOString(),
    dates: dateChecks,
    dlqs: dlqChecks,
    alertsSent:
      dateChecks.filter((c) => c.outcome === 'alerted').length +
      dlqChecks.filter((c) => c.outcome === 'alerted').length,
  };
  if (failures.length > 0) throw failures[0];
  return report;
}
