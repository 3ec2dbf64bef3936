import type { EnvName } from '../../handlers/lib/names';
import { DEV_CONFIG } from './dev';
import { PROD_CONFIG } from './prod';
import type { EnvConfig, EnvConfigInput } from './schema';
import type { StackOverrides } from './stack-overrides';
import { validateEnvConfig } from './validate-config';

const BASE: Readonly<Record<EnvName, EnvConfigInput>> = { dev: DEV_CONFIG, prod: PROD_CONFIG };

/**
 * The validated config of one environment, with the environment-variable overrides applied
 * before validation, so an override is checked exactly like a committed value.
 */
export function envConfig(env: EnvName, overrides: StackOverrides = {}): EnvConfig {
  const base = BASE[env];
  return validateEnvConfig(
    {
      ...base,
      projectPrefix: overrides.projectPrefix ?? base.projectPrefix,
      alertEmail: overrides.alertEmail ?? base.alertEmail,
      accountId: overrides.accountId ?? base.accountId,
    },
    env,
  );
}
