import { randomUUID } from 'node:crypto';
import { openDates } from '../lib/tracking/date-markers';
import { buildDate } from './build-date';
import type { BuilderDeps } from './dependencies';
import { clock, filesTable } from './dependencies';
import { DateBuildError } from './errors';
import type { BuilderReport } from './report';
import { addReport, emptyReport } from './report';

/**
 * The scheduled flush: for every date that had files tracked, completes CREATED manifests and
 * emits the pending files as manifests, partial ones included. Every date is attempted; if any
 * failed, throws afterwards (Lambda error, alarm), naming the dates.
 */
export async function flushAllDates(d: BuilderDeps): Promise<BuilderReport> {
  const report = emptyReport();
  const owner = d.owner ?? randomUUID();
  const failedDates: string[] = [];
  let firstError: unknown;
  for (const date of await openDates(filesTable(d), clock(d))) {
    try {
      addReport(report, await buildDate(d, date, { flush: true, owner }));
    } catch (err) {
      d.logger.error('flush of a date failed', { date, error: err as Error });
      failedDates.push(date);
      firstError ??= err;
    }
  }
  if (failedDates.length > 0) {
    throw new DateBuildError(`flush failed for ${failedDates.join(', ')}`, {
      cause: firstError,
      context: { failedDates, report },
    });
  }
  return report;
}
