import { LocalstackContainer, type StartedLocalStackContainer } from '@testcontainers/localstack';
import { LOCALSTACK_IMAGE, LOCALSTACK_SERVICES } from '../../localstack/images';

/**
 * Starts LocalStack with the same pinned image as docker-compose.yml, passing
 * LOCALSTACK_AUTH_TOKEN through when it is set (needed only for newer images).
 */
export async function startLocalstack(): Promise<StartedLocalStackContainer> {
  const token = process.env.LOCALSTACK_AUTH_TOKEN;
  const container = new LocalstackContainer(LOCALSTACK_IMAGE).withEnvironment({
    SERVICES: LOCALSTACK_SERVICES.join(','),
    ...(token ? { LOCALSTACK_AUTH_TOKEN: token } : {}),
  });
  return container.start();
}

/**
 * Clears every service's state in a running LocalStack (its state API, POST
 * /_localstack/state/reset), so a test file starts from an empty account as it does on the
 * embedded emulator. Throws when LocalStack refuses, rather than letting files share state.
 */
export async function resetLocalstack(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/_localstack/state/reset`, { method: 'POST' });
  if (!res.ok) {
    throw new Error(`LocalStack at ${endpoint} refused the state reset: HTTP ${res.status}`);
  }
}
