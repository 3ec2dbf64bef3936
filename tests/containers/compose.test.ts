/**
 * docker-compose.yml itself, as a user runs it (`docker compose --profile moto up --wait`):
 * both services become healthy (so the healthchecks are right), LocalStack's READY hook runs
 * and succeeds, and both answer the client factory at the endpoints localstack/endpoint-env.ts
 * exports. Published on free ports so a LocalStack the user already runs is left alone.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  DockerComposeEnvironment,
  Wait,
  type StartedDockerComposeEnvironment,
} from 'testcontainers';
import { createAwsClients } from '../../handlers/lib/aws/clients';
import { targetFromEnv } from '../../handlers/lib/aws/target';
import {
  COMPOSE_BACKENDS,
  COMPOSE_FILE,
  COMPOSE_SERVICES,
  composeEndpoint,
} from '../../localstack/compose-services';
import { endpointEnv } from '../../localstack/endpoint-env';
import { s3PutGetListPages, sqsSendReceiveDelete } from '../helpers/aws-roundtrip';
import { describeWithDocker } from './docker-gate';
import { scaled } from '../helpers/time-scale';

const START_TIMEOUT_MS = scaled(10 * 60_000);
const root = join(__dirname, '..', '..');

/** A port the kernel says is free now (closed again before compose publishes it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

describeWithDocker(COMPOSE_FILE, () => {
  let environment: StartedDockerComposeEnvironment | undefined;
  const ports: Record<string, string> = {};

  beforeAll(async () => {
    for (const service of Object.values(COMPOSE_SERVICES)) {
      ports[service.hostPortVariable] = String(await freePort());
    }
    let compose = new DockerComposeEnvironment(root, COMPOSE_FILE)
      .withEnvironment(ports)
      .withProfiles(COMPOSE_SERVICES.moto.profile)
      .withStartupTimeout(START_TIMEOUT_MS);
    for (const service of Object.values(COMPOSE_SERVICES)) {
      // Compose names the first container of a service <service>-1.
      compose = compose.withWaitStrategy(`${service.name}-1`, Wait.forHealthCheck());
    }
    environment = await compose.up();
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await environment?.down();
  }, START_TIMEOUT_MS);

  it('runs the READY hook to success', async () => {
    const res = await fetch(`${composeEndpoint('localstack', ports)}/_localstack/init/ready`);
    const ready = (await res.json()) as {
      completed: boolean;
      scripts: { name: string; state: string }[];
    };
    expect(ready.completed).toBe(true);
    const hooks = ready.scripts.map((s) => [s.name.split('/').pop(), s.state]);
    expect(hooks).toEqual([['10-pipeline-ready.sh', 'SUCCESSFUL']]);
  });

  it.each(COMPOSE_BACKENDS)(
    '%s answers the client factory at the endpoint endpoint-env.ts exports',
    async (backend) => {
      const clients = createAwsClients(targetFromEnv(endpointEnv(backend, ports)));
      try {
        await s3PutGetListPages(clients);
        await sqsSendReceiveDelete(clients);
      } finally {
        clients.destroy();
      }
    },
    scaled(120_000),
  );
});
