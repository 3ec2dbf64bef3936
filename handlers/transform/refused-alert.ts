import type { Alert } from '../lib/alerts/alert-message';
import { objectKeys } from '../lib/object-keys';
import type { TransformJob } from './job';
import type { RunMetricsDocument } from './run-metrics';

/** Most refused files an alert names one by one; the metrics document lists them all. */
const NAMED_MAX = 10;

/**
 * The alert of a run that refused some of its files: a producer sent files that will never be
 * curated as they are, and someone must hear of it, whether the readable files passed (then
 * nothing else alerts) or failed their rules (the data-quality alert says why, this one which
 * files were refused). Undefined when no file was refused, or when every file was (`unreadable`:
 * the run's own `input_unreadable` alert names each one).
 */
export function refusedFilesAlert(
  job: Pick<TransformJob, 'kind' | 'runId' | 'source' | 'ingestionDate'>,
  doc: Pick<RunMetricsDocument, 'status' | 'refusedFiles' | 'rejectsKey' | 'finishedAt'>,
  unreadable = false,
): Alert | undefined {
  if (unreadable || doc.refusedFiles.length === 0) return undefined;
  const n = doc.refusedFiles.length;
  const named = doc.refusedFiles.slice(0, NAMED_MAX).map((f) => f.reason);
  const more = n > NAMED_MAX ? ` (and ${n - NAMED_MAX} more)` : '';
  return {
    kind: 'input_refused',
    subject: `${n} file(s) refused: ${job.source} ${job.ingestionDate} (${job.runId})`,
    summary: `The ${job.kind} ${job.runId} of ${job.ingestionDate} ${doc.status === 'passed' ? 'curated its readable files' : 'failed its data-quality rules on its readable files (see its data-quality alert)'} and refused ${n} file(s) it cannot read${more}: ${named.join(' ')} Fix them and upload them again.`,
    details: {
      runId: job.runId,
      ingestionDate: job.ingestionDate,
      refusedFiles: doc.refusedFiles,
      rejectsKey: doc.rejectsKey,
      metricsKey: objectKeys.metrics(job.ingestionDate, job.runId),
    },
    occurredAt: doc.finishedAt,
  };
}
