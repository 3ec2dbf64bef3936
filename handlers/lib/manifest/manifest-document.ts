import { z } from 'zod';

/** An ingestion date, `YYYY-MM-DD`, that is a real calendar date. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'not a calendar date',
  );

/** One raw object in a manifest, pinned to the version (or etag) that was validated. */
export const manifestFileSchema = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  /** S3 version id when the bucket is versioned and the emulator reports it. */
  versionId: z.string().min(1).optional(),
  etag: z.string().min(1),
  size: z.number().int().nonnegative(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const MANIFEST_SCHEMA_VERSION = 1;

/**
 * The manifest document written to `manifests/ingestion_date=D/<id>.json`: one ingestion date,
 * one source, the files in a stable order, and an id derived from the files only, so the same
 * files always make the same manifest (and the same output object).
 */
export const manifestDocumentSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  manifestId: z.string().regex(/^[a-z0-9-]+$/),
  source: z.string().min(1),
  ingestionDate: isoDateSchema,
  createdAt: z.iso.datetime(),
  fileCount: z.number().int().positive(),
  totalBytes: z.number().int().nonnegative(),
  files: z.array(manifestFileSchema).min(1),
});
export type ManifestDocument = z.infer<typeof manifestDocumentSchema>;

/**
 * Messages on the manifest queue: a manifest to transform, or (backfills and late data) a
 * rebuild of one date's whole partition from every tracked raw file of that date.
 */
export const manifestMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('manifest'),
    manifestId: z.string().min(1),
    ingestionDate: isoDateSchema,
    bucket: z.string().min(1),
    key: z.string().min(1),
  }),
  z.object({
    kind: z.literal('rebuild'),
    ingestionDate: isoDateSchema,
    requestedAt: z.iso.datetime(),
    /** The source whose table is rebuilt; default: the source of the date's first tracked file. */
    source: z.string().min(1).optional(),
  }),
]);
export type ManifestMessage = z.infer<typeof manifestMessageSchema>;
