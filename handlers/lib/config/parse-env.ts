import type { z } from 'zod';
import { ConfigError } from '../errors/config-error';

/**
 * Parses environment variables with a zod object schema, once, and fails early with a message
 * that names every variable that is missing or invalid, so a misconfigured function or CLI
 * stops before it touches AWS.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
  what: string,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `${variable}: ${issue.message}`;
  });
  throw new ConfigError(`invalid ${what} configuration: ${problems.join('; ')}`, {
    context: { problems },
  });
}
