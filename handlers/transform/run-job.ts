import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { publishAlert } from '../lib/alerts/alert-message';
import type { SourceContract } from '../lib/contract/contract';
import { objectKeys } from '../lib/object-keys';
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
 * convert, upload the rejects, upload the curated objects (Parquet, then the optional Avro
 * copy) only when the rules passed, record the
 * metrics, and alert when they failed. Status tracking is the caller's (it differs between a
 * manifest and a rebuild). Infrastructure errors propagate, so the message is retried.
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
    const c = await convertJob(deps, job, contract, workDir);
    const uploaded: { curatedBytes?: number; rejectsKey?: string; avroBytes?: number } = {};
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
    if (c.curated) {
      const target = {
        bucket: deps.config.buckets.curated,
        key: job.curatedKey,
        contentType: 'application/vnd.apache.parquet',
      };
      const t = performance.now();
      uploaded.curatedBytes = await uploadFile(deps.s3, target, c.curated.path);
      c.durationsMs.upload = Math.round(performance.now() - t);
      if (c.avro) {
        const avroTarget = {
          bucket: deps.config.buckets.curated,
          key: curatedAvroKey(job),
          contentType: 'application/avro',
        };
        const ta = performance.now();
        uploaded.avroBytes = await uploadFile(deps.s3, avroTarget, c.avro.path);
        c.durationsMs.uploadAvro = Math.round(performance.now() - ta);
      }
      await deps.hooks?.afterCuratedUpload?.(job, job.curatedKey);
    }
    c.durationsMs.total = Math.round(performance.now() - started);
    const doc = runMetricsDocument(job, contract, c, uploaded, now());
    await recordRunMetrics(deps, doc);
    if (doc.status === 'failed') {
      await publishAlert(deps.sns, deps.config.alertsTopicArn, {
        kind: c.unreadable ? 'input_unreadable' : 'dq_failure',
        subject: `${c.unreadable ? 'Unreadable input' : 'Data quality failed'}: ${job.source} ${job.ingestionDate} (${job.runId})`,
        summary: `The ${job.kind} ${job.runId} of ${job.ingestionDate} did not pass; curated data for the date was left untouched. ${c.reasons.join(' ')}`,
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
