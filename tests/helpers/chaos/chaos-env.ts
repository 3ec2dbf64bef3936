/**
 * The chaos harness's own environment variables (test-only, so they live here, not in
 * handlers/lib/names.ts), their parser, and the deployment the test hands the local runtime
 * so the chaos entries receive them next to each function's real environment.
 */
import { z } from 'zod';
import type { FunctionKey } from '../../../handlers/lib/names';
import type { LocalDeployment } from '../../../scripts/local/deployment';

export const CHAOS_ENV = {
  /** Folder of fault and duplication markers shared by every worker thread of the run. */
  dir: 'CHAOS_DIR',
  seed: 'CHAOS_SEED',
  /** Probability of a kill at each side (before, after) of each write. */
  rate: 'CHAOS_RATE',
  /** Faults of the whole run (all functions, both runtimes). */
  budget: 'CHAOS_BUDGET',
  /** The consumed queue's maxReceiveCount: no faults once a record reaches its last delivery. */
  maxReceiveCount: 'CHAOS_MAX_RECEIVE_COUNT',
  /** Manifest builder only: the ingest queue, where extra copies of notifications are sent. */
  ingestQueueUrl: 'CHAOS_INGEST_QUEUE_URL',
} as const;

const schema = z.object({
  [CHAOS_ENV.dir]: z.string().min(1),
  [CHAOS_ENV.seed]: z.string().min(1),
  [CHAOS_ENV.rate]: z.coerce.number().min(0).max(1),
  [CHAOS_ENV.budget]: z.coerce.number().int().min(0),
  [CHAOS_ENV.maxReceiveCount]: z.coerce.number().int().min(1),
  [CHAOS_ENV.ingestQueueUrl]: z.string().url().optional(),
});

export interface ChaosSettings {
  readonly dir: string;
  readonly seed: string;
  readonly rate: number;
  readonly budget: number;
  readonly maxReceiveCount: number;
  readonly ingestQueueUrl?: string;
}

/** Parses the chaos variables of a worker's environment, naming a missing one. */
export function parseChaosSettings(
  env: Readonly<Record<string, string | undefined>>,
): ChaosSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`chaos entry: bad chaos environment (${issues.join('; ')})`);
  }
  const v = parsed.data;
  return {
    dir: v[CHAOS_ENV.dir],
    seed: v[CHAOS_ENV.seed],
    rate: v[CHAOS_ENV.rate],
    budget: v[CHAOS_ENV.budget],
    maxReceiveCount: v[CHAOS_ENV.maxReceiveCount],
    ...(v[CHAOS_ENV.ingestQueueUrl] ? { ingestQueueUrl: v[CHAOS_ENV.ingestQueueUrl] } : {}),
  };
}

/** The chaos variables of one function, as strings for its environment. */
export function chaosEnv(s: ChaosSettings): Record<string, string> {
  return {
    [CHAOS_ENV.dir]: s.dir,
    [CHAOS_ENV.seed]: s.seed,
    [CHAOS_ENV.rate]: String(s.rate),
    [CHAOS_ENV.budget]: String(s.budget),
    [CHAOS_ENV.maxReceiveCount]: String(s.maxReceiveCount),
    ...(s.ingestQueueUrl ? { [CHAOS_ENV.ingestQueueUrl]: s.ingestQueueUrl } : {}),
  };
}

/**
 * The same deployment with extra variables in some functions' environments: how a test passes
 * settings (and the chaos variables) to the handlers the local runtime runs.
 */
export function withFunctionEnv(
  deployment: LocalDeployment,
  extra: Partial<Record<FunctionKey, Record<string, string>>>,
): LocalDeployment {
  const functionEnv = Object.fromEntries(
    Object.entries(deployment.functionEnv).map(([key, env]) => [
      key,
      { ...env, ...(extra[key as FunctionKey] ?? {}) },
    ]),
  ) as Record<FunctionKey, Record<string, string>>;
  return { ...deployment, functionEnv };
}
