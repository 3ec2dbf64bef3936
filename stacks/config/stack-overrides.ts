import { z } from 'zod';
import { parseEnv } from '../../handlers/lib/config/parse-env';
import { projectPrefixSchema, STACK_ENV_VARS } from '../../handlers/lib/names';

/** Unset and empty are the same: `ALERT_EMAIL= npm run synth` means "no email". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const overridesSchema = z.object({
  [STACK_ENV_VARS.prefix]: optional(projectPrefixSchema),
  [STACK_ENV_VARS.alertEmail]: optional(z.email()),
  [STACK_ENV_VARS.accountId]: optional(z.string().regex(/^\d{12}$/, 'must be 12 digits')),
  [STACK_ENV_VARS.localEndpoint]: optional(z.url({ protocol: /^https?$/ })),
});

/** What the environment may change about every stack. */
export interface StackOverrides {
  readonly projectPrefix?: string;
  readonly alertEmail?: string;
  readonly accountId?: string;
  /** Emulator URL: deploy to LocalStack (or moto) instead of AWS. */
  readonly localEndpoint?: string;
}

/**
 * Reads the optional overrides from the process environment, validated, with errors naming
 * the variable, so a fork can deploy under its own prefix or to an emulator without editing
 * the committed config.
 */
export function stackOverridesFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): StackOverrides {
  const parsed = parseEnv(overridesSchema, env, 'stack');
  return {
    projectPrefix: parsed[STACK_ENV_VARS.prefix],
    alertEmail: parsed[STACK_ENV_VARS.alertEmail],
    accountId: parsed[STACK_ENV_VARS.accountId],
    localEndpoint: parsed[STACK_ENV_VARS.localEndpoint],
  };
}
