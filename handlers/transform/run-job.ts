import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { publishAlert } from '../lib/alerts/alert-message';
import type { SourceContract } from '../lib/contract/contract';
import { objectKeys } from '../lib/object-keys';
import { icebergPublisher } from './commit/iceberg-publisher';
import { convertJob } from './convert/convert-job';
import { uploadFile } from './io/s3-files';
import type { TransformDeps, TransformJob } from './job';
import { refusedFilesAlert } from './refused-alert';
import { recordRunMetrics, runMetricsDocument, type RunMetricsDocument } from './run-metrics';

/** Key of a job's curated Avro object: beside its Parquet's name, under the Avro prefix. */
export const curatedAvroKey = (job: Pick<TransformJob, 'ingestionDate' | 'runId'>): string =>
  objectKeys.curatedAvroPart(job.ingestionDate, job.runId);

/** The end state of one run. */
export interface RunOutcome {
  readonly status: 'passed' | 'failed';
  readonly reasons: readonly string[];
  readonly metrics: RunMetricsDocument;
}

/**
 * Runs one job end to end in its own temp directory (removed on success and on failure):
 * convert, commit the rows to the date's table (one Iceberg commit, DQ evaluated on the date),
 * upload the rejects and, when the commit holds rows of the run and Avro is configured, the
 * Avro copy; record the metrics, and alert when the run failed. Status tracking is the caller's.
 * Infrastructure errors propagate, so the message is retried.
 */
export async function runJob(
  deps: TransformDeps,
  job: TransformJob,
  contract: SourceContract,
): Promise<RunOutcome> {
  const now = deps.now ?? (() => new Date());
  const workDir = await mkdtemp(join(deps.config.tempDir, `transform-${job.runId.slice(0, 40)}-`));
  try {
    const started = performance.now();
    const publish = icebergPublisher(deps, job, contract, workDir);
    const c = await convertJob(deps, job, contract, workDir, publish);
    const uploaded: { rejectsKey?: string; avroBytes?: number } = {};
    if (c.rejectsPath) {
      const key = objectKeys.rejects(job.ingestionDate, job.runId);
      const bucket = deps.config.buckets.artifacts;
      await uploadFile(
        deps.s3,
        { bucket, key, contentType: 'application/x-ndjson' },
        c.rejectsPath,
      );
      uploaded.rejectsKey = key;
    }
    const avro = c.publication?.avro;
    if (avro) {
      const avroTarget = {
        bucket: deps.config.buckets.curated,
        key: curatedAvroKey(job),
        contentType: 'application/avro',
      };
      const ta = performance.now();
      uploaded.avroBytes = await uploadFile(deps.s3, avroTarget, avro.path);
      c.durationsMs.uploadAvro = Math.round(performance.now() - ta);
    }
    c.durationsMs.total = Math.round(performance.now() - started);
    const doc = runMetricsDocument(job, contract, c, uploaded, now());
    await recordRunMetrics(deps, doc);
    if (doc.status === 'failed') {
      await publishAlert(deps.sns, deps.config.alertsTopicArn, {
        kind: c.unreadable ? 'input_unreadable' : 'dq_failure',
        subject: `${c.unreadable ? 'Unreadable input' : 'Data quality failed'}: ${job.source} ${job.ingestionDate} (${job.runId})`,
        summary: `The ${job.kind} ${job.runId} of ${job.ingestionDate} did not pass; nothing was committed, the date's curated rows are as they were. ${c.reasons.join(' ')}`,
        details: {
          runId: job.runId,
          ingestionDate: job.ingestionDate,
          reasons: c.reasons,
          metricsKey: objectKeys.metrics(job.ingestionDate, job.runId),
        },
        occurredAt: doc.finishedAt,
      });
    }
    const refused = refusedFilesAlert(job, doc, c.unreadable);
    if (refused) await publishAlert(deps.sns, deps.config.alertsTopicArn, refused);
    deps.logger.info('transform run finished', {
      runId: job.runId,
      status: doc.status,
      rows: doc.rows,
      reasons: doc.reasons,
    });
    return { status: doc.status, reasons: doc.reasons, metrics: doc };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
