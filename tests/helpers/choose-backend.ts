import { BACKEND_ENV, type BackendKind } from './backend-env';
import { dockerAnswers } from './docker';

/**
 * Picks the AWS backend of a test run: an explicit endpoint from the environment if given;
 * else LocalStack (via testcontainers) when a Docker engine answers; else the embedded
 * emulator. PIPELINE_TEST_BACKEND=embedded|localstack overrides the Docker probe.
 */
export async function chooseBackend(env: NodeJS.ProcessEnv = process.env): Promise<BackendKind> {
  if (env[BACKEND_ENV.explicitEndpoint]) return 'endpoint';
  const forced = env[BACKEND_ENV.forceBackend];
  if (forced === 'embedded' || forced === 'localstack') return forced;
  if (forced) {
    throw new Error(`${BACKEND_ENV.forceBackend}=${forced} is not one of: embedded, localstack`);
  }
  return (await dockerAnswers()) ? 'localstack' : 'embedded';
}
