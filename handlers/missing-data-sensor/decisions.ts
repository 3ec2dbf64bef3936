import type { AlertRecordItem } from '../lib/tracking/alert-records';
import { TTL } from '../lib/tracking/items';

/** What a run does about one alert scope, decided from its record and what it observed. */
export type Decision =
  /** Publish an alert (nothing sent yet, or a claim whose owner died). */
  | 'alert'
  /** Nothing to publish, but store the new observation (e.g. a DLQ that shrank). */
  | 'record'
  /** Already alerted for this, or nothing to report. */
  | 'none'
  /** Another run holds a live claim and is publishing right now. */
  | 'in-flight';

type RecordView = Pick<AlertRecordItem, 'state' | 'observed' | 'lease_until' | typeof TTL>;

const seconds = (now: Date): number => Math.floor(now.getTime() / 1000);
const live = (r: RecordView | undefined, now: Date): r is RecordView =>
  r !== undefined && r[TTL] > seconds(now);
const leaseLive = (r: RecordView, now: Date): boolean =>
  r.state === 'PENDING' && (r.lease_until ?? 0) > seconds(now);

/**
 * A date that is missing: alert unless a live record says the alert was sent or is being sent.
 * An expired record counts as none; a PENDING one past its lease was abandoned by a crash.
 */
export function missingDataDecision(record: RecordView | undefined, now: Date): Decision {
  if (!live(record, now)) return 'alert';
  if (record.state !== 'PENDING') return 'none';
  return leaseLive(record, now) ? 'in-flight' : 'alert';
}

/**
 * A DLQ holding `depth` messages: alert when the backlog grew since the last observation (from
 * empty, or new failures on top), so the same backlog alerts once; a shrinking backlog (being
 * redriven) is recorded quietly, so its next growth alerts again.
 */
export function dlqDecision(record: RecordView | undefined, depth: number, now: Date): Decision {
  const current = live(record, now) ? record : undefined;
  if (current && leaseLive(current, now)) return 'in-flight';
  const abandoned = current?.state === 'PENDING';
  const previous = current?.observed ?? 0;
  if (depth > previous || (abandoned && depth > 0)) return 'alert';
  if (depth !== previous || abandoned) return 'record';
  return 'none';
}
