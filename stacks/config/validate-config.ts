import { ConfigError } from '../../handlers/lib/errors/config-error';
import type { EnvConfig } from './schema';
import { envConfigSchema } from './schema';

/**
 * Validates one environment's config and fails with every problem named by its field path
 * (e.g. `prod.functions.transform.timeoutSeconds: ...`), so a bad value stops the synth before
 * Terraform ever sees it.
 */
export function validateEnvConfig(input: unknown, label: string): EnvConfig {
  const result = envConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${[label, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  );
  throw new ConfigError(`invalid stack configuration: ${problems.join('; ')}`, {
    context: { problems },
  });
}
