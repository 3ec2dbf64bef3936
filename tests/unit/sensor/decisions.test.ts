import { dlqDecision, missingDataDecision } from '../../../handlers/missing-data-sensor/decisions';
import type { AlertRecordState } from '../../../handlers/lib/tracking/alert-records';

const now = new Date('2026-11-22T03:00:00Z');
const t = Math.floor(now.getTime() / 1000);
const record = (
  state: AlertRecordState,
  extra: { observed?: number; lease?: number; ttl?: number } = {},
) => ({
  state,
  observed: extra.observed,
  lease_until: extra.lease,
  expires_at: extra.ttl ?? t + 86_400,
});

describe('missingDataDecision', () => {
  it('alerts when there is no record, or only an expired one', () => {
    expect(missingDataDecision(undefined, now)).toBe('alert');
    expect(missingDataDecision(record('SENT', { ttl: t }), now)).toBe('alert');
  });

  it('does not alert again once sent', () => {
    expect(missingDataDecision(record('SENT'), now)).toBe('none');
  });

  it('leaves a live claim to its owner and takes over an abandoned one', () => {
    expect(missingDataDecision(record('PENDING', { lease: t + 1 }), now)).toBe('in-flight');
    expect(missingDataDecision(record('PENDING', { lease: t }), now)).toBe('alert');
  });
});

describe('dlqDecision', () => {
  it('alerts when messages appear in an empty or unknown DLQ', () => {
    expect(dlqDecision(undefined, 3, now)).toBe('alert');
    expect(dlqDecision(record('QUIET', { observed: 0 }), 1, now)).toBe('alert');
  });

  it('alerts once per backlog: the same depth again is nothing new', () => {
    expect(dlqDecision(record('SENT', { observed: 3 }), 3, now)).toBe('none');
    expect(dlqDecision(undefined, 0, now)).toBe('none');
  });

  it('alerts again when the backlog grows, records quietly when it shrinks', () => {
    expect(dlqDecision(record('SENT', { observed: 3 }), 5, now)).toBe('alert');
    expect(dlqDecision(record('SENT', { observed: 3 }), 1, now)).toBe('record');
    expect(dlqDecision(record('SENT', { observed: 3 }), 0, now)).toBe('record');
  });

  it('treats an expired record as an empty history', () => {
    expect(dlqDecision(record('SENT', { observed: 3, ttl: t - 1 }), 3, now)).toBe('alert');
  });

  it('re-publishes an abandoned claim while messages remain, records it away when empty', () => {
    expect(dlqDecision(record('PENDING', { observed: 3, lease: t + 60 }), 3, now)).toBe(
      'in-flight',
    );
    expect(dlqDecision(record('PENDING', { observed: 3, lease: t - 1 }), 3, now)).toBe('alert');
    expect(dlqDecision(record('PENDING', { observed: 3, lease: t - 1 }), 0, now)).toBe('record');
  });
});
