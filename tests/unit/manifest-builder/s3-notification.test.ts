import { parseNotification } from '../../../handlers/manifest-builder/s3-notification';
import { s3NotificationBody, s3TestEventBody } from '../../fixtures/s3-events';

describe('parseNotification', () => {
  it('lists the created objects with their encoded keys and optional version fields', () => {
    const body = s3NotificationBody(
      {
        bucket: 'raw',
        key: 'raw/source=a/ingestion_date=2026-11-20/my file.json',
        versionId: 'v1',
        eTag: 'e1',
      },
      { bucket: 'raw', key: 'raw/source=a/ingestion_date=2026-11-20/b.json' },
    );
    const parsed = parseNotification(body);
    expect(parsed).toEqual({
      kind: 'objects',
      ignored: 0,
      objects: [
        expect.objectContaining({
          encodedKey: 'raw/source%3Da/ingestion_date%3D2026-11-20/my+file.json',
          versionId: 'v1',
          eTag: 'e1',
        }),
        expect.objectContaining({ bucket: 'raw', versionId: undefined, sequencer: undefined }),
      ],
    });
  });

  it('recognizes the s3:TestEvent', () => {
    expect(parseNotification(s3TestEventBody('raw'))).toEqual({ kind: 'test-event' });
  });

  it('unwraps an SNS envelope', () => {
    const inner = s3NotificationBody({ bucket: 'raw', key: 'raw/source=a/x.json' });
    const parsed = parseNotification(JSON.stringify({ Type: 'Notification', Message: inner }));
    expect(parsed.kind).toBe('objects');
  });

  it('ignores records that are not ObjectCreated', () => {
    const body = s3NotificationBody({ bucket: 'raw', key: 'k', eventName: 'ObjectRemoved:Delete' });
    expect(parseNotification(body)).toEqual({ kind: 'objects', objects: [], ignored: 1 });
  });

  it.each([
    ['not json', 'body is not JSON'],
    ['{"hello":1}', 'body has no Records array'],
    ['{"Records":[{"eventSource":"aws:sqs"}]}', 'Records[0] is not an S3 event record'],
  ])('reports %s as not an S3 event', (body, reason) => {
    expect(parseNotification(body)).toEqual({ kind: 'not-s3', reason });
  });
});
