import { z } from 'zod';

/** Log levels the handlers' logger accepts (Powertools names). */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

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
});
export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>;
