/**
 * Prints the shell exports that point every tool of the project at a docker-compose emulator:
 *
 *   eval "$(npx tsx localstack/endpoint-env.ts localstack)"   # or: moto
 *
 * then `npx cdktf-cli@0.21.0 deploy dev` deploys to it, the CLI and the local runtime talk to
 * it, and `npm test` tests against it. Variable names come from the modules that read them, so
 * this file and its readers cannot drift.
 */
import { EMULATOR_CREDENTIALS } from '../handlers/lib/aws/target';
import { ConfigError } from '../handlers/lib/errors/config-error';
import { ENV_VARS, STACK_ENV_VARS } from '../handlers/lib/names';
import { runMain } from '../scripts/lib/run-main';
import { envConfig } from '../stacks/config/env-configs';
import { BACKEND_ENV } from '../tests/helpers/backend-env';
import { COMPOSE_BACKENDS, composeEndpoint, type ComposeBackend } from './compose-services';

/**
 * The AWS SDKs' and CLI's standard credential variables (AWS names, not the project's). Set to
 * the emulators' fixed keys so that no tool run from this shell can pick up real credentials.
 */
export const SDK_CREDENTIAL_VARS = {
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
} as const;

/**
 * The variables for one compose backend: the stacks' local switch (cdktf deploy), the runtime
 * target (CLI, local runtime), the test backend (npm test), the dev stack's region and fake
 * credentials. Pure, so it is unit-tested; `env` is read for the port overrides only.
 */
export function endpointEnv(
  backend: ComposeBackend,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const endpoint = composeEndpoint(backend, env);
  return {
    [STACK_ENV_VARS.localEndpoint]: endpoint,
    [ENV_VARS.target]: 'endpoint',
    [ENV_VARS.endpointUrl]: endpoint,
    [ENV_VARS.region]: envConfig('dev').region,
    [BACKEND_ENV.explicitEndpoint]: endpoint,
    [SDK_CREDENTIAL_VARS.accessKeyId]: EMULATOR_CREDENTIALS.accessKeyId,
    [SDK_CREDENTIAL_VARS.secretAccessKey]: EMULATOR_CREDENTIALS.secretAccessKey,
  };
}

/** `export NAME='value'` lines a POSIX shell can eval, values single-quoted. */
export function toShellExports(vars: Readonly<Record<string, string>>): string {
  const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
  return Object.entries(vars)
    .map(([name, value]) => `export ${name}=${quote(value)}\n`)
    .join('');
}

/** Reads the backend argument (default `localstack`), failing with the accepted values. */
export function parseBackendArg(arg: string | undefined): ComposeBackend {
  const backend = arg ?? 'localstack';
  if ((COMPOSE_BACKENDS as string[]).includes(backend)) return backend as ComposeBackend;
  throw new ConfigError(
    `unknown compose backend "${backend}": use one of ${COMPOSE_BACKENDS.join(', ')}`,
  );
}

function main(): Promise<void> {
  return Promise.resolve().then(() => {
    process.stdout.write(toShellExports(endpointEnv(parseBackendArg(process.argv[2]))));
  });
}

if (require.main === module) runMain(main);
