import { z } from 'zod';
import { parseEnv } from '../lib/config/parse-env';
import { LOG_LEVELS } from '../lib/config/pipeline-settings';
import { ENV_VARS, ENVIRONMENTS, FUNCTIONS } from '../lib/names';
import type { ValidationRules } from './validation';

/** Extensions accepted when ALLOWED_EXTENSIONS is not set (each also with `.gz`). */
export const DEFAULT_EXTENSIONS = ['.ndjson', '.jsonl', '.json', '.csv'] as const;
/** Largest file accepted when MAX_FILE_SIZE_MB is not set: what one transform's /tmp holds. */
export const DEFAULT_MAX_FILE_SIZE_MB = 10_240;
/** Age of the oldest pending file that forces a partial manifest when not configured. */
export const DEFAULT_FLUSH_AGE_SECONDS = 900;

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** The manifest builder's configuration, parsed once per cold start. */
export interface BuilderConfig {
  readonly env: (typeof ENVIRONMENTS)[number];
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly rawBucket: string;
  readonly quarantineBucket: string;
  readonly artifactsBucket: string;
  readonly manifestQueueUrl: string;
  readonly filesTable: string;
  readonly locksTable: string;
  readonly maxFilesPerManifest: number;
  readonly maxBatchBytes: number;
  readonly lockTtlSeconds: number;
  readonly flushAgeSeconds: number;
  readonly validation: ValidationRules;
}

const name = z.string().trim().min(1);
/** A number variable; an empty string counts as unset for optional ones. */
const num = z.coerce.number();
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const schema = z.object({
  [ENV_VARS.env]: z.enum(ENVIRONMENTS),
  [ENV_VARS.logLevel]: z.enum(LOG_LEVELS),
  [ENV_VARS.powertoolsServiceName]: optional(name),
  [ENV_VARS.powertoolsMetricsNamespace]: name,
  [ENV_VARS.rawBucket]: name,
  [ENV_VARS.quarantineBucket]: name,
  [ENV_VARS.artifactsBucket]: name,
  [ENV_VARS.manifestQueueUrl]: z.url(),
  [ENV_VARS.filesTable]: name,
  [ENV_VARS.locksTable]: name,
  [ENV_VARS.maxFilesPerManifest]: num.pipe(z.number().int().min(1).max(10_000)),
  [ENV_VARS.maxBatchSizeGb]: num.pipe(z.number().positive()),
  [ENV_VARS.expectedFileSizeMb]: optional(num.pipe(z.number().positive())),
  [ENV_VARS.sizeTolerancePercent]: num.pipe(z.number().min(0).max(1_000)),
  [ENV_VARS.lockTtlSeconds]: num.pipe(z.number().int().min(10).max(86_400)),
  [ENV_VARS.maxFileSizeMb]: optional(num.pipe(z.number().positive())),
  [ENV_VARS.manifestFlushAgeSeconds]: optional(num.pipe(z.number().int().min(0))),
  [ENV_VARS.missingDatePolicy]: optional(z.enum(['last-modified', 'quarantine'])),
  [ENV_VARS.allowedExtensions]: optional(
    z
      .string()
      .transform((s) => s.split(',').map((e) => e.trim().toLowerCase()))
      .pipe(z.array(z.string().regex(/^\.[a-z0-9]+$/, 'each must look like .ndjson')).min(1)),
  ),
});

/**
 * Parses the builder's environment (the map its Lambda gets from the stack, or a test's
 * modified copy), failing with a message that names each bad variable. Optional tuning values
 * have documented defaults; resource names have none.
 */
export function parseBuilderConfig(
  env: Readonly<Record<string, string | undefined>>,
): BuilderConfig {
  const v = parseEnv(schema, env, FUNCTIONS.manifestBuilder);
  const expectedMb = v[ENV_VARS.expectedFileSizeMb];
  return {
    env: v[ENV_VARS.env],
    serviceName: v[ENV_VARS.powertoolsServiceName] ?? FUNCTIONS.manifestBuilder,
    metricsNamespace: v[ENV_VARS.powertoolsMetricsNamespace],
    logLevel: v[ENV_VARS.logLevel],
    rawBucket: v[ENV_VARS.rawBucket],
    quarantineBucket: v[ENV_VARS.quarantineBucket],
    artifactsBucket: v[ENV_VARS.artifactsBucket],
    manifestQueueUrl: v[ENV_VARS.manifestQueueUrl],
    filesTable: v[ENV_VARS.filesTable],
    locksTable: v[ENV_VARS.locksTable],
    maxFilesPerManifest: v[ENV_VARS.maxFilesPerManifest],
    maxBatchBytes: Math.floor(v[ENV_VARS.maxBatchSizeGb] * GB),
    lockTtlSeconds: v[ENV_VARS.lockTtlSeconds],
    flushAgeSeconds: v[ENV_VARS.manifestFlushAgeSeconds] ?? DEFAULT_FLUSH_AGE_SECONDS,
    validation: {
      allowedExtensions: v[ENV_VARS.allowedExtensions] ?? [...DEFAULT_EXTENSIONS],
      expectedBytes: expectedMb === undefined ? undefined : Math.round(expectedMb * MB),
      tolerancePercent: v[ENV_VARS.sizeTolerancePercent],
      maxBytes: Math.floor((v[ENV_VARS.maxFileSizeMb] ?? DEFAULT_MAX_FILE_SIZE_MB) * MB),
      missingDate: v[ENV_VARS.missingDatePolicy] ?? 'last-modified',
    },
  };
}
