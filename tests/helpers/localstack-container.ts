import { LocalstackContainer, type StartedLocalStackContainer } from '@testcontainers/localstack';
import { LOCALSTACK_IMAGE } from '../../localstack/images';

/**
 * Starts LocalStack with the same pinned image as docker-compose.yml, passing
 * LOCALSTACK_AUTH_TOKEN through when it is set (needed only for newer images).
 */
export async function startLocalstack(): Promise<StartedLocalStackContainer> {
  const token = process.env.LOCALSTACK_AUTH_TOKEN;
  const container = new LocalstackContainer(LOCALSTACK_IMAGE).withEnvironment({
    SERVICES: 's3,sqs,sns,dynamodb,events,lambda,iam,sts,logs,cloudwatch',
    ...(token ? { LOCALSTACK_AUTH_TOKEN: token } : {}),
  });
  return container.start();
}
