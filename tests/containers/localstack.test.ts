/**
 * LocalStack (the pinned community image, started by testcontainers as the test backend
 * chooser starts it): the services the Docker path needs are loaded, and every AWS round trip
 * of the embedded-emulator suite passes through the client factory. Skips, saying why, where the
 * image cannot be pulled (a machine with no registry); runs where it can (users' CI).
 */
import type { StartedLocalStackContainer } from '@testcontainers/localstack';
import { createAwsClients, type AwsClients } from '../../handlers/lib/aws/clients';
import { emulatorTargetAt } from '../../handlers/lib/aws/target';
import { LOCALSTACK_IMAGE, LOCALSTACK_SERVICES } from '../../localstack/images';
import { AWS_ROUND_TRIPS } from '../helpers/aws-roundtrip';
import { startLocalstack } from '../helpers/localstack-container';
import { describeWithLocalstack } from './docker-gate';
import { scaled } from '../helpers/time-scale';

/** Pulling the image on a fresh runner takes most of this. */
const START_TIMEOUT_MS = scaled(10 * 60_000);

describeWithLocalstack(`LocalStack (${LOCALSTACK_IMAGE})`, () => {
  let container: StartedLocalStackContainer | undefined;
  let clients: AwsClients | undefined;
  const started = (): { container: StartedLocalStackContainer; clients: AwsClients } => {
    if (!container || !clients) throw new Error('LocalStack did not start (see beforeAll)');
    return { container, clients };
  };

  beforeAll(async () => {
    container = await startLocalstack();
    clients = createAwsClients(emulatorTargetAt(container.getConnectionUri(), 'endpoint'));
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    clients?.destroy();
    await container?.stop();
  }, START_TIMEOUT_MS);

  it('is the community edition at the pinned version, with every service the pipeline uses', async () => {
    const res = await fetch(`${started().container.getConnectionUri()}/_localstack/health`);
    const health = (await res.json()) as {
      edition: string;
      version: string;
      services: Record<string, string>;
    };
    expect(health.edition).toBe('community');
    const tag = LOCALSTACK_IMAGE.slice(LOCALSTACK_IMAGE.lastIndexOf(':') + 1);
    expect(health.version.startsWith(tag)).toBe(true);
    for (const service of LOCALSTACK_SERVICES) {
      expect([service, health.services[service]]).toEqual([
        service,
        expect.stringMatching(/^(available|running)$/),
      ]);
    }
  });

  it.each(AWS_ROUND_TRIPS)(
    '%s',
    (_name, roundTrip) => roundTrip(started().clients),
    scaled(120_000),
  );
});
