import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Alert } from '../lib/alerts/alert-message';
import { objectKeys } from '../lib/object-keys';
import { alertOnce, currentRecord } from './alert-once';
import { missingDataDecision } from './decisions';
import type { SensorDeps } from './dependencies';
import { clock } from './dependencies';
import { RawListingError } from './errors';
import { deadlineOf } from './expected-dates';

/** What the sensor found for one source and date. */
export interface DateCheck {
  readonly source: string;
  readonly date: string;
  readonly outcome: 'arrived' | 'alerted' | 'already-alerted' | 'in-flight' | 'lost-race';
}

/** Scope of the alert-once record of a source's date. */
export const missingDataScope = (source: string, date: string): string =>
  `missing_data#${source}#${date}`;

/**
 * Whether any raw object of `source` arrived for `date`: one LIST of the date's folder in the
 * raw bucket (MaxKeys 1). The raw bucket, not the tracking table, is asked, because the question
 * is whether the producer delivered: a stalled ingest path (queue backlog, failing builder) has
 * its own alarms and must not send the on-call person to the producer. A quarantined file counts
 * as delivered (its reason is in `pipeline quarantine list`).
 */
export async function rawDataArrived(
  d: SensorDeps,
  source: string,
  date: string,
): Promise<boolean> {
  const prefix = objectKeys.rawPartition(source, date);
  try {
    const out = await d.clients.s3.send(
      new ListObjectsV2Command({ Bucket: d.config.rawBucket, Prefix: prefix, MaxKeys: 1 }),
    );
    return (out.KeyCount ?? out.Contents?.length ?? 0) > 0;
  } catch (err) {
    throw new RawListingError(`cannot list s3://${d.config.rawBucket}/${prefix}`, {
      cause: err,
      context: { bucket: d.config.rawBucket, prefix },
    });
  }
}

/** The alert of a missing date: what is missing, since when, what was not done, what to do. */
export function missingDataAlert(d: SensorDeps, source: string, date: string, now: Date): Alert {
  const deadline = deadlineOf(date, d.config.expectations).toISOString();
  const prefix = objectKeys.rawPartition(source, date);
  return {
    kind: 'missing_data',
    subject: `Missing data: ${source} ${date} (${d.config.env})`,
    summary:
      `No raw file of source "${source}" arrived for ingestion date ${date} by ${deadline} ` +
      `(expected under s3://${d.config.rawBucket}/${prefix}). Nothing is curated for that date ` +
      'until it arrives; check the producer. This alert is sent once per source and date.',
    details: {
      env: d.config.env,
      source,
      ingestionDate: date,
      deadline,
      bucket: d.config.rawBucket,
      prefix,
    },
    occurredAt: now.toISOString(),
  };
}

/** Checks one source's date and alerts once if nothing arrived. */
export async function checkDate(d: SensorDeps, source: string, date: string): Promise<DateCheck> {
  if (await rawDataArrived(d, source, date)) return { source, date, outcome: 'arrived' };
  const scope = missingDataScope(source, date);
  const record = await currentRecord(d, scope);
  const now = clock(d);
  const decision = missingDataDecision(record, now);
  if (decision === 'in-flight') return { source, date, outcome: 'in-flight' };
  if (decision !== 'alert') return { source, date, outcome: 'already-alerted' };
  const alert = missingDataAlert(d, source, date, now);
  const sent = await alertOnce(d, { scope, alertKind: 'missing_data', alert }, record);
  return { source, date, outcome: sent === 'sent' ? 'alerted' : 'lost-race' };
}
