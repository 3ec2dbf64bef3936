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
