import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BucketMissingError, listObjects } from '../list-objects';
import { z } from 'zod';
import { PREFIXES } from '../../../handlers/lib/names';
import { mapLimit } from '../../../handlers/lib/concurrency/map-limit';
import { ReportError } from './report-errors';

const count = z.number().int().nonnegative();

/**
 * The fields of the transform's metrics document (handlers/transform/run-metrics.ts) the report
 * reads. Parsed, not trusted: a document of another schema version is skipped and listed.
 */
export const reportedMetricsSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string().min(1),
  kind: z.enum(['manifest', 'rebuild']),
  ingestionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.string(),
  status: z.enum(['passed', 'failed']),
  reasons: z.array(z.string()),
  input: z.object({ files: count, bytes: count }),
  rows: z.object({
    read: count,
    rejected: count,
    accepted: count,
    duplicates: count,
    output: count,
  }),
  schemaDrift: z.object({
    rows: count,
    fields: z.array(z.object({ field: z.string(), rows: count })),
  }),
  rules: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      // Every rule was hard before rules had a severity.
      severity: z.enum(['hard', 'warn']).default('hard'),
      value: z.number(),
      threshold: z.number(),
      passed: z.boolean(),
      message: z.string().default(''),
      /** Set when an operator accepted the failed hard rule for the date (`pipeline dq accept`). */
      accepted: z.object({ by: z.string(), reason: z.string(), at: z.string() }).optional(),
    }),
  ),
  finishedAt: z.iso.datetime(),
});
export type ReportedMetrics = z.infer<typeof reportedMetricsSchema>;

/** Metrics documents of a date range, and the objects that could not be read as one. */
export interface LoadedMetrics {
  readonly docs: ReportedMetrics[];
  readonly skipped: { readonly key: string; readonly reason: string }[];
}

const DATE_IN_KEY = /ingestion_date=(\d{4}-\d{2}-\d{2})\//;

async function listMetricsKeys(s3: S3Client, bucket: string): Promise<string[]> {
  try {
    return (await listObjects(s3, bucket, PREFIXES.metrics))
      .map((o) => o.Key ?? '')
      .filter((key) => key.endsWith('.json'));
  } catch (err) {
    if (err instanceof BucketMissingError) throw err;
    throw new ReportError(
      `listing s3://${bucket}/${PREFIXES.metrics} failed: ${(err as Error).message}`,
      {
        cause: err,
        context: { bucket },
      },
    );
  }
}

/**
 * Reads the metrics documents (`metrics/ingestion_date=D/<run id>.json`) of the dates from
 * `from` to `to` (inclusive, either open): the date is taken from the key, so dates outside the
 * range are never downloaded. A document that does not parse is skipped with its reason.
 */
export async function loadMetricsDocuments(
  s3: S3Client,
  bucket: string,
  range: { from?: string; to?: string } = {},
): Promise<LoadedMetrics> {
  const keys = (await listMetricsKeys(s3, bucket)).filter((key) => {
    const date = DATE_IN_KEY.exec(key)?.[1];
    return !!date && (!range.from || date >= range.from) && (!range.to || date <= range.to);
  });
  const skipped: LoadedMetrics['skipped'] = [];
  const loaded = await mapLimit(keys, 8, async (key) => {
    let text: string;
    try {
      const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      text = await res.Body!.transformToString('utf8');
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return undefined; // expired meanwhile
      throw new ReportError(`reading s3://${bucket}/${key} failed: ${(err as Error).message}`, {
        cause: err,
        context: { bucket, key },
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      skipped.push({ key, reason: 'not JSON' });
      return undefined;
    }
    const parsed = reportedMetricsSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({
        key,
        reason: `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`,
      });
      return undefined;
    }
    return parsed.data;
  });
  return { docs: loaded.filter((d): d is ReportedMetrics => d !== undefined), skipped };
}
