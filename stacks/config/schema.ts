import { z } from 'zod';
import {
  largestRunInputMb,
  manifestFlushAgeSecondsSchema,
  maxFileSizeMbSchema,
  pipelineSettingsSchema,
  sensorSettingsSchema,
  transformSettingsSchema,
} from '../../handlers/lib/config/pipeline-settings';
import { currentContracts } from '../../handlers/lib/contract/contracts';
import { overrideProblems } from '../../handlers/lib/dq/source-rules';
import { ENVIRONMENTS, projectPrefixSchema } from '../../handlers/lib/names';
import { duckDbMemoryLimitMb, transformSizingProblems } from './transform-sizing';

/** Retention values CloudWatch Logs accepts (anything else fails at apply time). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const days = z.number().int().min(1).max(3650);

const functionSizing = z.object({
  memoryMb: z.number().int().min(128).max(10_240),
  /** Lambda's hard limit is 900 s; the consuming queue's visibility timeout is derived from it. */
  timeoutSeconds: z.number().int().min(1).max(900),
  /** Caps the function's concurrency (and so the fan-out and the downstream load). */
  reservedConcurrency: z.number().int().min(1).max(10_000),
  /** /tmp size; DuckDB spills there. */
  ephemeralStorageMb: z.number().int().min(512).max(10_240),
});

/** An SQS event source: how many messages one invocation gets and how long Lambda gathers. */
const eventSource = z
  .object({
    batchSize: z.number().int().min(1).max(10_000),
    maxBatchingWindowSeconds: z.number().int().min(0).max(300),
  })
  .refine((s) => s.batchSize <= 10 || s.maxBatchingWindowSeconds >= 1, {
    message: 'SQS batch sizes above 10 need maxBatchingWindowSeconds >= 1',
    path: ['maxBatchingWindowSeconds'],
  });

/** EventBridge `rate(...)` or `cron(...)` expression. */
const schedule = z.string().regex(/^(rate|cron)\(.+\)$/, 'must be rate(...) or cron(...)');

const stateBackend = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({
    kind: z.literal('s3'),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name'),
    key: z
      .string()
      .min(1)
      .regex(/\.tfstate$/, 'must end in .tfstate'),
    region: z.string().min(1),
    /** S3-native lock file (Terraform >= 1.10) or a DynamoDB lock table (older Terraform). */
    lock: z.union([
      z.object({ kind: z.literal('lockfile') }),
      z.object({ kind: z.literal('dynamodb'), table: z.string().min(3) }),
    ]),
  }),
]);

/** Everything that differs between deployments; one validated object per environment. */
export const envConfigSchema = z
  .object({
    env: z.enum(ENVIRONMENTS),
    projectPrefix: projectPrefixSchema,
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region like eu-west-1'),
    /** Appended to bucket names (global across accounts) when set. */
    accountId: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    alertEmail: z.email().optional(),
    /** Every deployment runs the sensor, so its expectations are required here. */
    settings: pipelineSettingsSchema.extend({
      sensor: sensorSettingsSchema,
      maxFileSizeMb: maxFileSizeMbSchema,
      manifestFlushAgeSeconds: manifestFlushAgeSecondsSchema,
      // The memory limit is derived from the function's memory below, never set by hand.
      transform: transformSettingsSchema.omit({ memoryLimitMb: true }),
    }),
    functions: z.object({
      manifestBuilder: functionSizing,
      transform: functionSizing,
      sensor: functionSizing,
      maintenance: functionSizing,
    }),
    eventSources: z.object({ ingest: eventSource, manifest: eventSource }),
    queues: z.object({
      maxReceiveCount: z.number().int().min(1).max(1_000),
      messageRetentionDays: z.number().int().min(1).max(14),
      dlqRetentionDays: z.number().int().min(1).max(14),
    }),
    logRetentionDays: z.union(LOG_RETENTION_DAYS.map((d) => z.literal(d))),
    lifecycle: z.object({
      manifestsExpireDays: days,
      metricsExpireDays: days,
      rejectsExpireDays: days,
      quarantineExpireDays: days,
      athenaResultsExpireDays: days,
      noncurrentVersionsExpireDays: days,
      /** Days after which raw objects move to Standard-IA (>= 30, an S3 rule); absent: never. */
      rawTransitionDays: z.number().int().min(30).max(3650).optional(),
    }),
    alarms: z.object({
      periodSeconds: z.number().int().min(60).multipleOf(60),
      evaluationPeriods: z.number().int().min(1).max(100),
      lambdaErrorsThreshold: z.number().int().min(1),
      ingestQueueMaxAgeSeconds: z.number().int().min(60),
      manifestQueueMaxAgeSeconds: z.number().int().min(60),
    }),
    schedules: z.object({ sensor: schedule, flush: schedule, maintenance: schedule }),
    dynamodb: z.object({ pointInTimeRecovery: z.boolean(), deletionProtection: z.boolean() }),
    /**
     * Glue's managed maintenance of the curated Iceberg tables (AWS only): compaction of small
     * files, snapshot expiry (retention) and deletion of files no snapshot references.
     */
    catalog: z.object({
      optimizers: z.object({
        /** Bin-pack compaction of small data files (each manifest commits a few). */
        compaction: z.boolean(),
        /** Snapshots older than this expire (time travel reaches back this far), 1+ days. */
        snapshotRetentionDays: days,
        /** Snapshots kept whatever their age, so a rollback target always exists. */
        snapshotsToRetain: z.number().int().min(1).max(1_000),
        /** Files no snapshot references are deleted once this old (an uncommitted write's). */
        orphanFileRetentionDays: days,
        /** How often the retention and orphan-file optimizers run; Glue accepts 3-168 hours. */
        runRateHours: z.number().int().min(3).max(168),
      }),
    }),
    /** Let `cdktf destroy` delete non-empty buckets (dev only: prod data must never go that way). */
    forceDestroyBuckets: z.boolean(),
    stateBackend,
  })
  .superRefine((c, ctx) => {
    // Overrides must name a configured source's rule, and a threshold that rule has.
    for (const problem of overrideProblems(c.settings.transform.dqOverrides, currentContracts())) {
      ctx.addIssue({ code: 'custom', path: ['settings', 'transform'], message: problem });
    }
    // One manifest holds up to MAX_BATCH_SIZE_GB, or one file up to MAX_FILE_SIZE_MB; the
    // transform must finish either within its /tmp, memory and timeout, or it would fail on
    // every retry.
    const inputMb = largestRunInputMb(c.settings);
    for (const p of transformSizingProblems(inputMb, c.functions.transform)) {
      ctx.addIssue({
        code: 'custom',
        path: ['functions', 'transform', p.field],
        message: p.message,
      });
    }
  })
  .transform((c) => ({
    ...c,
    settings: {
      ...c.settings,
      transform: {
        ...c.settings.transform,
        memoryLimitMb: duckDbMemoryLimitMb(c.functions.transform.memoryMb),
      },
    },
  }));
export type EnvConfig = z.output<typeof envConfigSchema>;
/** The literal config objects before validation. */
export type EnvConfigInput = z.input<typeof envConfigSchema>;
