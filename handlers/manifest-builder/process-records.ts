import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { buildDate } from './build-date';
import type { BuilderDeps } from './dependencies';
import type { DateToucher } from './ingest-object';
import { ingestObject, oncePerDate } from './ingest-object';
import type { BuilderReport } from './report';
import { addReport, emptyReport } from './report';
import { parseNotification } from './s3-notification';

/** What a batch of ingest-queue records produced. */
export interface RecordsResult {
  readonly response: SQSBatchResponse;
  readonly report: BuilderReport;
}

async function ingestRecord(
  d: BuilderDeps,
  record: SQSRecord,
  report: BuilderReport,
  touch: DateToucher,
): Promise<Set<string>> {
  const dates = new Set<string>();
  const parsed = parseNotification(record.body);
  if (parsed.kind === 'test-event') {
    report.testEvents += 1;
    return dates;
  }
  if (parsed.kind === 'not-s3') {
    report.invalidNotifications += 1;
    d.logger.error('message is not an S3 event notification; dropped', {
      messageId: record.messageId,
      reason: parsed.reason,
      body: record.body.slice(0, 2000),
    });
    return dates;
  }
  report.ignoredRecords += parsed.ignored;
  for (const object of parsed.objects) {
    const outcome = await ingestObject(d, object, touch);
    if (outcome.kind === 'tracked') report.filesTracked += 1;
    if (outcome.kind === 'duplicate') report.duplicates += 1;
    if (outcome.kind === 'quarantined') {
      if (outcome.duplicate) report.duplicates += 1;
      else report.quarantined += 1;
    }
    if (outcome.kind !== 'quarantined' && outcome.ingestionDate) dates.add(outcome.ingestionDate);
  }
  return dates;
}

/**
 * Handles a batch from the ingest queue: every record is tracked on its own (Powertools batch
 * processor), then the manifests of every date it touched are built. A record fails (and only
 * it is retried) when tracking it failed or when building one of its dates failed, so a retry
 * completes what was started.
 */
export async function processRecords(
  d: BuilderDeps,
  records: readonly SQSRecord[],
): Promise<RecordsResult> {
  const report = emptyReport();
  const datesOf = new Map<string, Set<string>>();
  const processor = new BatchProcessor(EventType.SQS);
  const touch = oncePerDate(d);
  processor.register(
    [...records],
    async (record: SQSRecord) => {
      datesOf.set(record.messageId, await ingestRecord(d, record, report, touch));
    },
    { throwOnFullBatchFailure: false },
  );
  const results = await processor.process();
  for (const [status, error, record] of results) {
    if (status === 'fail')
      d.logger.error('record failed', { messageId: (record as SQSRecord).messageId, error });
  }
  const failed = new Set(processor.response().batchItemFailures.map((f) => f.itemIdentifier));
  const owner = d.owner ?? randomUUID();
  const dates = [...new Set([...datesOf.values()].flatMap((s) => [...s]))].sort();
  for (const date of dates) {
    try {
      addReport(report, await buildDate(d, date, { flush: false, owner }));
    } catch (err) {
      d.logger.error('building manifests failed; the date records will be retried', {
        date,
        error: err as Error,
      });
      for (const [messageId, ds] of datesOf) if (ds.has(date)) failed.add(messageId);
    }
  }
  return {
    response: { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) },
    report,
  };
}
