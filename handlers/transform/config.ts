import { availableParallelism, tmpdir } from 'node:os';
import { z } from 'zod';
import { parseEnv } from '../lib/config/parse-env';
import {
  LOG_LEVELS,
  outputFormatsSchema,
  type OutputFormat,
} from '../lib/config/pipeline-settings';
import { dqRulesSchema, type DqRule } from '../lib/dq/rules';
import { dqOverridesSchema, type DqOverrides } from '../lib/dq/source-rules';
import { ENV_VARS, TRANSFORM_ENV_VARS } from '../lib/names';
import { GROUP_LIMITS } from './convert/stage-group';

const positiveInt = (fallback: number) =>
  z.coerce.number().int().positive().optional().default(fallback);

const mbToBytes = (mb: number | undefined): number | undefined =>
  mb === undefined ? undefined : Math.floor(mb * 1024 * 1024);

const dqRulesFromJson = z
  .string()
  .optional()
  .transform((text, ctx): DqRule[] | undefined => {
    if (text === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of rules' });
      return z.NEVER;
    }
    const parsed = dqRulesSchema.safeParse(json);
    if (!parsed.success) {
      ctx.addIssue({
        code: 'custom',
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
      return z.NEVER;
    }
    return parsed.data;
  });

const dqOverridesFromJson = z
  .string()
  .optional()
  .transform((text, ctx): DqOverrides => {
    if (text === undefined || text.trim() === '') return {};
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object {source: {ruleId: {...}}}' });
      return z.NEVER;
    }
    const parsed = dqOverridesSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    ctx.addIssue({
      code: 'custom',
      message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
    return z.NEVER;
  });

/** `parquet` or `parquet,avro` (spaces and case ignored); defaults to Parquet only. */
const outputFormatsFromList = z
  .string()
  .optional()
  .transform((text, ctx): OutputFormat[] => {
    if (text === undefined || text.trim() === '') return ['parquet'];
    const parsed = outputFormatsSchema.safeParse(
      text.split(',').map((f) => f.trim().toLowerCase()),
    );
    if (parsed.success) return parsed.data;
    const why = parsed.error.issues.map((i) => i.message).join('; ');
    ctx.addIssue({ code: 'custom', message: `must be parquet or parquet,avro (${why})` });
    return z.NEVER;
  });

const schema = z
  .object({
    [ENV_VARS.rawBucket]: z.string().min(1),
    [ENV_VARS.curatedBucket]: z.string().min(1),
    [ENV_VARS.artifactsBucket]: z.string().min(1),
    [ENV_VARS.filesTable]: z.string().min(1),
    [ENV_VARS.metricsTable]: z.string().min(1),
    [ENV_VARS.locksTable]: z.string().min(1),
    [ENV_VARS.icebergNamespace]: z.string().min(1),
    [ENV_VARS.icebergWarehouse]: z.string().min(1).optional(),
    [ENV_VARS.duckdbExtensionDir]: z.string().min(1),
    [ENV_VARS.alertsTopicArn]: z.string().startsWith('arn:'),
    [ENV_VARS.logLevel]: z.enum(LOG_LEVELS).optional().default('INFO'),
    [ENV_VARS.powertoolsServiceName]: z.string().min(1),
    [ENV_VARS.powertoolsMetricsNamespace]: z.string().min(1),
    [TRANSFORM_ENV_VARS.dqRules]: dqRulesFromJson,
    [ENV_VARS.dqOverrides]: dqOverridesFromJson,
    [TRANSFORM_ENV_VARS.memoryLimitMb]: positiveInt(1024),
    [TRANSFORM_ENV_VARS.threads]: positiveInt(Math.max(1, availableParallelism())),
    [TRANSFORM_ENV_VARS.tempDir]: z.string().min(1).optional().default(tmpdir()),
    [TRANSFORM_ENV_VARS.maxLineSizeMb]: positiveInt(32),
    // By default a staging group's byte cap: below it, files are fetched a few at a time.
    [TRANSFORM_ENV_VARS.inPlaceMinMb]: z.coerce
      .number()
      .nonnegative()
      .optional()
      .default(GROUP_LIMITS.maxBytes / (1024 * 1024)),
    // Unset: no limit (the stacks and the local runtime always set it; see largestRunInputMb).
    [TRANSFORM_ENV_VARS.maxStagedFileMb]: z.coerce.number().positive().optional(),
    [TRANSFORM_ENV_VARS.outputFormats]: outputFormatsFromList,
  })
  .transform((env) => ({
    buckets: {
      raw: env[ENV_VARS.rawBucket],
      curated: env[ENV_VARS.curatedBucket],
      artifacts: env[ENV_VARS.artifactsBucket],
    },
    tables: {
      files: env[ENV_VARS.filesTable],
      metrics: env[ENV_VARS.metricsTable],
      locks: env[ENV_VARS.locksTable],
    },
    iceberg: {
      namespace: env[ENV_VARS.icebergNamespace],
      /** The account id of the Glue catalog (AWS only). */
      warehouse: env[ENV_VARS.icebergWarehouse],
      extensionDir: env[ENV_VARS.duckdbExtensionDir],
    },
    alertsTopicArn: env[ENV_VARS.alertsTopicArn],
    logLevel: env[ENV_VARS.logLevel],
    serviceName: env[ENV_VARS.powertoolsServiceName],
    metricsNamespace: env[ENV_VARS.powertoolsMetricsNamespace],
    /** Rules replacing every source's contract rules (DQ_RULES); undefined: the contracts'. */
    dqRules: env[TRANSFORM_ENV_VARS.dqRules],
    /** This environment's threshold overrides of the contracts' rules. */
    dqOverrides: env[ENV_VARS.dqOverrides],
    duckdb: {
      memoryLimitMb: env[TRANSFORM_ENV_VARS.memoryLimitMb],
      threads: env[TRANSFORM_ENV_VARS.threads],
    },
    tempDir: env[TRANSFORM_ENV_VARS.tempDir],
    maxLineBytes: env[TRANSFORM_ENV_VARS.maxLineSizeMb] * 1024 * 1024,
    /** Raw files of at least this many bytes are read in place over S3 (see `rawInputs`). */
    inPlaceMinBytes: Math.round(env[TRANSFORM_ENV_VARS.inPlaceMinMb] * 1024 * 1024),
    /** A gzip file that expands past this many bytes is refused (undefined: no limit). */
    maxExpandedBytes: mbToBytes(env[TRANSFORM_ENV_VARS.maxStagedFileMb]),
    outputFormats: env[TRANSFORM_ENV_VARS.outputFormats],
  }));

/** The transform's validated configuration. */
export type TransformConfig = z.output<typeof schema>;

/**
 * Parses the transform's configuration once from its environment; a missing bucket, table or
 * topic, or a malformed DQ_RULES, fails before any AWS call with the variable's name. Tuning
 * values default to what a 2 GB Lambda handles; resource names never default.
 */
export function parseTransformConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TransformConfig {
  return parseEnv(schema, env, 'transform');
}
