import { z } from 'zod';
import { dqOverridesSchema } from '../dq/source-rules';

/** Log levels the handlers' logger accepts (Powertools names). */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/**
 * Curated output formats. Parquet is always written (the Glue table and every reader use it);
 * Avro is an optional copy of the same rows, as the original CSV converter wrote.
 */
export const OUTPUT_FORMATS = ['parquet', 'avro'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A list of output formats: known names, Parquet included, no repeats. */
export const outputFormatsSchema = z
  .array(z.enum(OUTPUT_FORMATS))
  .min(1)
  .refine((f) => f.includes('parquet'), { message: 'must include parquet' })
  .refine((f) => new Set(f).size === f.length, { message: 'must not repeat a format' });

/** A source name as it appears in raw keys (`raw/source=<source>/...`). */
export const sourceNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a source name as in raw/source=<source>/');

/** `HH:MM`, 24-hour, UTC. */
export const utcTimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a UTC time of day as HH:MM (00:00-23:59)');

/**
 * What the missing-data sensor expects: which sources deliver every day, which date is due
 * (`expectedDateLagDays` before today, UTC) once the `cutoffUtc` time of day has passed, and how
 * many due dates each run re-checks (so a run missed, or an alert that failed to publish, is
 * caught up by the next run).
 */
export const sensorSettingsSchema = z.object({
  sources: z.array(sourceNameSchema).min(1),
  expectedDateLagDays: z.number().int().min(0).max(30),
  cutoffUtc: utcTimeOfDaySchema,
  lookbackDays: z.number().int().min(1).max(31),
});
export type SensorSettings = z.infer<typeof sensorSettingsSchema>;

/**
 * The transform's per-environment settings. The DuckDB memory limit is a share of the
 * function's memory (the stacks derive it), the rest left to Node, the SDK and buffers.
 */
export const transformSettingsSchema = z.object({
  /** Curated formats written: Parquet always, Avro optionally. */
  outputFormats: outputFormatsSchema,
  /** DuckDB memory limit, MB; beyond it DuckDB spills to `tempDir`. */
  memoryLimitMb: z.number().int().min(128).max(10_240),
  /** Raw downloads, DuckDB's database and spill files: Lambda's /tmp (ephemeral storage). */
  tempDir: z.string().startsWith('/', 'must be an absolute path'),
  /** This environment's DQ thresholds or levels, by source and rule id, over the contracts'. */
  dqOverrides: dqOverridesSchema.default({}),
});
export type TransformSettings = z.infer<typeof transformSettingsSchema>;

/** Largest raw file the builder accepts, MB (optional here; the stacks' config requires it). */
export const maxFileSizeMbSchema = z.number().positive().max(1_048_576);
/** Flush age in seconds (optional here; the stacks' config requires it). */
export const manifestFlushAgeSecondsSchema = z.number().int().min(0).max(86_400);

/**
 * The tuning values of the pipeline that the handlers read from their environment (see the
 * configuration table in the design). The stacks validate them per environment with this schema
 * and {@link functionEnvironment} turns them into environment variables, so both sides agree.
 */
export const pipelineSettingsSchema = z.object({
  logLevel: z.enum(LOG_LEVELS),
  /** File-count cap of one manifest. */
  maxFilesPerManifest: z.number().int().min(1).max(10_000),
  /** Byte cap of one manifest, in GB: what one transform invocation can finish in time. */
  maxBatchSizeGb: z.number().positive().max(10_000),
  /** Expected raw file size for the optional size check; absent disables the check. */
  expectedFileSizeMb: z.number().positive().optional(),
  /** Tolerance around the expected size, in percent. */
  sizeTolerancePercent: z.number().min(0).max(1_000),
  /** Expiry of a date lock, so a crashed builder never blocks a date for long. */
  lockTtlSeconds: z.number().int().min(10).max(86_400),
  /** Largest raw file the builder accepts, MB; larger ones are quarantined. */
  maxFileSizeMb: maxFileSizeMbSchema.optional(),
  /** Age of the oldest pending file of a date that forces a partial manifest (flush schedule). */
  manifestFlushAgeSeconds: manifestFlushAgeSecondsSchema.optional(),
  /** The transform's settings; the stacks' config requires them. */
  transform: transformSettingsSchema.optional(),
  /** The missing-data sensor's expectations; the stacks' config requires it. */
  sensor: sensorSettingsSchema.optional(),
});
export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>;

/**
 * The most raw input, MB uncompressed, one transform run is sized to stage: a full manifest
 * (`maxBatchSizeGb`) or one file as large as the builder accepts (`maxFileSizeMb`). The stacks
 * check the transform's /tmp, memory and timeout against it; the transform refuses a gzip file
 * that expands past it, which would otherwise fail the run on every retry.
 */
export const largestRunInputMb = (
  settings: Pick<PipelineSettings, 'maxBatchSizeGb' | 'maxFileSizeMb'>,
): number => Math.max(settings.maxBatchSizeGb * 1024, settings.maxFileSizeMb ?? 0);
