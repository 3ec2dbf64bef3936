import { z } from 'zod';
import { parseEnv } from '../config/parse-env';
import { ENV_VARS } from '../names';

/**
 * Where the AWS API is served from:
 * - `aws`: a real account, the SDK's default credential chain and region resolution;
 * - `endpoint`: an emulator at a URL (LocalStack or moto in docker-compose, or any moto_server);
 * - `embedded`: the project's own moto server, started by the tests, the demo or `pipeline up`.
 */
export const TARGET_KINDS = ['embedded', 'endpoint', 'aws'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Emulators accept any credentials; fixed ones mean real keys are never sent to them. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** The region emulators run in unless the caller names one. */
export const EMULATOR_DEFAULT_REGION = 'us-east-1';

const emulatorTarget = z.object({
  kind: z.enum(['embedded', 'endpoint']),
  endpoint: z.url({ protocol: /^https?$/ }),
  region: z.string().min(1),
  /** Emulators serve buckets on the path (`http://host/bucket/key`), not as subdomains. */
  forcePathStyle: z.boolean(),
  /**
   * The Iceberg REST catalog beside the emulator (the embedded loop starts one on loopback);
   * undefined where none runs, and then nothing that reads or writes curated tables works.
   */
  catalogEndpoint: z.url({ protocol: /^https?$/ }).optional(),
});
const awsTarget = z.object({
  kind: z.literal('aws'),
  /** Undefined: the SDK resolves it (AWS_REGION, profile, instance metadata). */
  region: z.string().min(1).optional(),
});

export const targetSchema = z.discriminatedUnion('kind', [emulatorTarget, awsTarget]);
export type Target = z.infer<typeof targetSchema>;
export type EmulatorTarget = z.infer<typeof emulatorTarget>;

/** A target for an emulator listening at `endpoint` (embedded or given by URL). */
export function emulatorTargetAt(
  endpoint: string,
  kind: EmulatorTarget['kind'] = 'endpoint',
  region: string = EMULATOR_DEFAULT_REGION,
  catalogEndpoint?: string,
): EmulatorTarget {
  return emulatorTarget.parse({ kind, endpoint, region, forcePathStyle: true, catalogEndpoint });
}

const targetEnvSchema = z
  .object({
    [ENV_VARS.target]: z.enum(TARGET_KINDS).optional(),
    // http(s) only: `localhost:4566` parses as a URL with scheme `localhost:`.
    [ENV_VARS.endpointUrl]: z.url({ protocol: /^https?$/ }).optional(),
    [ENV_VARS.sdkEndpointUrl]: z.url({ protocol: /^https?$/ }).optional(),
    [ENV_VARS.region]: z.string().min(1).optional(),
    [ENV_VARS.catalogUrl]: z.url({ protocol: /^https?$/ }).optional(),
  })
  .transform((env, ctx): Target => {
    const endpoint = env[ENV_VARS.endpointUrl] ?? env[ENV_VARS.sdkEndpointUrl];
    const kind = env[ENV_VARS.target] ?? (endpoint ? 'endpoint' : 'aws');
    if (kind === 'aws') return { kind, region: env[ENV_VARS.region] };
    if (!endpoint) {
      ctx.addIssue({
        code: 'custom',
        path: [ENV_VARS.endpointUrl],
        message: `required when ${ENV_VARS.target}=${kind} (the emulator URL, e.g. http://localhost:4566)`,
      });
      return z.NEVER;
    }
    const region = env[ENV_VARS.region] ?? EMULATOR_DEFAULT_REGION;
    return emulatorTargetAt(endpoint, kind, region, env[ENV_VARS.catalogUrl]);
  });

/**
 * Reads the target from the process environment, so the same handler bundle runs on AWS
 * (nothing set), in LocalStack (which injects AWS_ENDPOINT_URL into Lambda containers) and
 * on the embedded emulator (PIPELINE_TARGET=embedded and PIPELINE_ENDPOINT_URL).
 */
export function targetFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Target {
  return parseEnv(targetEnvSchema, env, 'AWS target');
}

/** The variables that make a handler process use `target`; inverse of {@link targetFromEnv}. */
export function targetToEnv(target: Target): Record<string, string> {
  if (target.kind === 'aws') {
    return target.region
      ? { [ENV_VARS.target]: 'aws', [ENV_VARS.region]: target.region }
      : { [ENV_VARS.target]: 'aws' };
  }
  return {
    [ENV_VARS.target]: target.kind,
    [ENV_VARS.endpointUrl]: target.endpoint,
    [ENV_VARS.region]: target.region,
    ...(target.catalogEndpoint ? { [ENV_VARS.catalogUrl]: target.catalogEndpoint } : {}),
  };
}
