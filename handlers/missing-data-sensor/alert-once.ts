import { randomUUID } from 'node:crypto';
import { publishAlert, type Alert } from '../lib/alerts/alert-message';
import {
  abandonAlertRecord,
  completeAlertRecord,
  readAlertRecord,
  writeAlertRecord,
  type AlertRecordItem,
  type AlertRecordWrite,
} from '../lib/tracking/alert-records';
import type { SensorDeps } from './dependencies';
import {
  ALERT_CLAIM_LEASE_SECONDS,
  ALERT_RECORD_RETENTION_SECONDS,
  clock,
  filesTable,
} from './dependencies';
import { AlertRecordError } from './errors';

/** Result of trying to publish one alert. */
export type AlertOnceOutcome = 'sent' | 'lost-race';

const wrap = async <T>(scope: string, step: string, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (err) {
    throw new AlertRecordError(`alert record ${scope}: ${step} failed`, {
      cause: err,
      context: { scope, step },
    });
  }
};

/** The current record of a scope; DynamoDB failures become {@link AlertRecordError}. */
export const currentRecord = (d: SensorDeps, scope: string): Promise<AlertRecordItem | undefined> =>
  wrap(scope, 'read', () => readAlertRecord(filesTable(d), scope));

/** Stores an observation without alerting (e.g. a DLQ that shrank). */
export async function recordQuietly(
  d: SensorDeps,
  write: Omit<AlertRecordWrite, 'state'>,
  previous: AlertRecordItem | undefined,
): Promise<boolean> {
  return wrap(write.scope, 'record', () =>
    writeAlertRecord(
      filesTable(d),
      { ...write, state: 'QUIET' },
      previous,
      clock(d),
      ALERT_RECORD_RETENTION_SECONDS,
    ),
  );
}

/**
 * Publishes `alert` at most once per claim: claim the record (conditional write against the
 * `previous` state read by the caller), publish, mark SENT. A run that loses the claim to a
 * concurrent one publishes nothing; a failed publish gives the claim back and rethrows, so the
 * next run retries; a crash after the claim leaves it PENDING until its lease expires, after
 * which the next run publishes (at least once; a crash between publish and SENT can repeat it).
 */
export async function alertOnce(
  d: SensorDeps,
  write: Omit<AlertRecordWrite, 'state' | 'alert' | 'claimToken' | 'leaseUntil'> & {
    readonly alert: Alert;
  },
  previous: AlertRecordItem | undefined,
): Promise<AlertOnceOutcome> {
  const t = filesTable(d);
  const token = randomUUID();
  const now = clock(d);
  const claimed = await wrap(write.scope, 'claim', () =>
    writeAlertRecord(
      t,
      {
        ...write,
        state: 'PENDING',
        claimToken: token,
        leaseUntil: Math.floor(now.getTime() / 1000) + ALERT_CLAIM_LEASE_SECONDS,
      },
      previous,
      now,
      ALERT_RECORD_RETENTION_SECONDS,
    ),
  );
  if (!claimed) return 'lost-race';
  await d.hooks?.afterClaim?.(write.scope);
  try {
    await d.hooks?.beforePublish?.(write.scope);
    await publishAlert(d.clients.sns, d.config.alertsTopicArn, write.alert);
  } catch (err) {
    await wrap(write.scope, 'abandon', () => abandonAlertRecord(t, write.scope, token, previous));
    throw err;
  }
  await d.hooks?.afterPublish?.(write.scope);
  await wrap(write.scope, 'complete', () => completeAlertRecord(t, write.scope, token, clock(d)));
  return 'sent';
}
