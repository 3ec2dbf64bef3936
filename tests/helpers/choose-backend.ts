import { BACKEND_ENV, type BackendKind } from './backend-env';

/** The backends a person can ask for by name; `embedded` when none is named. */
const NAMED_BACKENDS = ['embedded', 'localstack'] as const;

/**
 * Picks the AWS backend of a test run from the environment alone, never from what the machine
 * happens to run: an explicit endpoint (PIPELINE_TEST_ENDPOINT) if given, else
 * PIPELINE_TEST_BACKEND (`embedded` or `localstack`), else the embedded emulator. A Docker
 * engine that answers changes nothing, so `npm test` behaves the same with or without one.
 */
export function chooseBackend(env: NodeJS.ProcessEnv = process.env): BackendKind {
  if (env[BACKEND_ENV.explicitEndpoint]) return 'endpoint';
  const named = env[BACKEND_ENV.forceBackend];
  if (named === undefined || named === '') return 'embedded';
  const known = NAMED_BACKENDS.find((b) => b === named);
  if (!known) {
    throw new Error(
      `${BACKEND_ENV.forceBackend}=${named} is not one of: ${NAMED_BACKENDS.join(', ')}`,
    );
  }
  return known;
}
