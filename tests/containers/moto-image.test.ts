/**
 * moto_server in a container (the token-free alternative to LocalStack), from the local image
 * scripts/docker/build-images.sh builds at the embedded emulator's pin (no registry needed): it
 * answers on its port, accepts the reset API the test backend relies on, and passes every AWS
 * round trip through the client factory.
 */
import { CreateQueueCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { createAwsClients, type AwsClients } from '../../handlers/lib/aws/clients';
import { emulatorTargetAt } from '../../handlers/lib/aws/target';
import { MOTO_CONTAINER_PORT } from '../../localstack/images';
import { resetEmulator } from '../../scripts/emulator/emulator';
import { AWS_ROUND_TRIPS } from '../helpers/aws-roundtrip';
import { describeWithLocalImages, localImages } from './docker-gate';
import { scaled } from '../helpers/time-scale';

const START_TIMEOUT_MS = scaled(5 * 60_000);

describeWithLocalImages('moto image (local build, scripts/docker/build-images.sh)', () => {
  let container: StartedTestContainer | undefined;
  let clients: AwsClients | undefined;
  const endpoint = (): string => {
    if (!container) throw new Error('the moto image did not start (see beforeAll)');
    return `http://${container.getHost()}:${container.getMappedPort(MOTO_CONTAINER_PORT)}`;
  };
  const started = (): AwsClients => {
    if (!clients) throw new Error('the moto image did not start (see beforeAll)');
    return clients;
  };

  beforeAll(async () => {
    container = await new GenericContainer(localImages().moto)
      .withExposedPorts(MOTO_CONTAINER_PORT)
      .withWaitStrategy(Wait.forHttp('/moto-api/data.json', MOTO_CONTAINER_PORT))
      .start();
    clients = createAwsClients(emulatorTargetAt(endpoint(), 'endpoint'));
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    clients?.destroy();
    await container?.stop();
  }, START_TIMEOUT_MS);

  it('resets to an empty account through the moto API, like the embedded emulator', async () => {
    const { sqs } = started();
    await sqs.send(new CreateQueueCommand({ QueueName: 'before-reset' }));
    await resetEmulator(endpoint());
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
  });

  it.each(AWS_ROUND_TRIPS)('%s', (_name, roundTrip) => roundTrip(started()), scaled(120_000));
});
