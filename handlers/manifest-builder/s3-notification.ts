import { z } from 'zod';

const s3RecordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  eventTime: z.string().optional(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().optional(),
      eTag: z.string().optional(),
      versionId: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});

const notificationSchema = z.object({ Records: z.array(z.unknown()) });
const testEventSchema = z.object({ Event: z.literal('s3:TestEvent') });
const snsEnvelopeSchema = z.object({ Type: z.literal('Notification'), Message: z.string() });

/** One object named by a notification, key still URL-encoded as S3 sent it. */
export interface NotifiedObject {
  readonly bucket: string;
  readonly encodedKey: string;
  readonly eventName: string;
  readonly versionId: string | undefined;
  readonly eTag: string | undefined;
  readonly sequencer: string | undefined;
}

/** What one SQS message body turned out to be. */
export type ParsedNotification =
  | {
      readonly kind: 'objects';
      readonly objects: readonly NotifiedObject[];
      readonly ignored: number;
    }
  | { readonly kind: 'test-event' }
  | { readonly kind: 'not-s3'; readonly reason: string };

/**
 * Reads an SQS body as an S3 event notification (directly, or wrapped in an SNS envelope).
 * The s3:TestEvent S3 sends when a notification is configured, and bodies that are no S3 event
 * at all, come back as their own kinds so the caller reports them instead of crashing. Records
 * that are not ObjectCreated (e.g. removals) are counted as ignored.
 */
export function parseNotification(body: string): ParsedNotification {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'not-s3', reason: 'body is not JSON' };
  }
  const envelope = snsEnvelopeSchema.safeParse(json);
  if (envelope.success) return parseNotification(envelope.data.Message);
  if (testEventSchema.safeParse(json).success) return { kind: 'test-event' };
  const notification = notificationSchema.safeParse(json);
  if (!notification.success) return { kind: 'not-s3', reason: 'body has no Records array' };
  const objects: NotifiedObject[] = [];
  let ignored = 0;
  for (const [index, raw] of notification.data.Records.entries()) {
    const record = s3RecordSchema.safeParse(raw);
    if (!record.success) {
      return { kind: 'not-s3', reason: `Records[${index}] is not an S3 event record` };
    }
    const { eventName, s3 } = record.data;
    if (!eventName.startsWith('ObjectCreated:')) {
      ignored += 1;
      continue;
    }
    objects.push({
      bucket: s3.bucket.name,
      encodedKey: s3.object.key,
      eventName,
      versionId: s3.object.versionId || undefined,
      eTag: s3.object.eTag || undefined,
      sequencer: s3.object.sequencer || undefined,
    });
  }
  return { kind: 'objects', objects, ignored };
}
