import { alertPublishInput } from '../../../handlers/lib/alerts/alert-message';

describe('alert message', () => {
  const alert = {
    kind: 'dq_failure' as const,
    subject: 'Data quality failed: app 2026-11-20',
    summary: 'rows_present failed',
    details: { runId: 'm-1' },
    occurredAt: '2026-11-20T10:00:00.000Z',
  };

  it('carries the JSON alert as the message and its kind as an attribute', () => {
    const input = alertPublishInput('arn:aws:sns:us-east-1:000000000000:alerts', alert);
    expect(JSON.parse(input.Message)).toEqual(alert);
    expect(input.Subject).toBe(alert.subject);
    expect(input.MessageAttributes.kind.StringValue).toBe('dq_failure');
  });

  it('keeps the subject within the SNS limit and printable ASCII', () => {
    const input = alertPublishInput('arn:x', { ...alert, subject: `Ü${'x'.repeat(200)}` });
    expect(input.Subject).toHaveLength(100);
    expect(input.Subject).toMatch(/^\?x+\.\.\.$/);
  });
});
