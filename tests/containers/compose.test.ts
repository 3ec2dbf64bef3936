/**
 * docker-compose.yml itself, as a user runs it with compose v2: the file validates
 * (`docker compose config`), the moto profile comes up healthy from the locally built image
 * (localstack/compose.local-moto.yml, `pull_policy: never`: no registry needed) and answers the
 * client factory at the endpoint localstack/endpoint-env.ts exports, and the demo runs against
 * it with `--target endpoint`; where LocalStack's image
 * can be pulled, LocalStack comes up too and its READY hook succeeds. Published on free ports
 * so an emulator the user already runs is left alone.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DockerComposeEnvironment,
  Wait,
  type StartedDockerComposeEnvironment,
} from 'testcontainers';
import { createAwsClients } from '../../handlers/lib/aws/clients';
import { targetFromEnv } from '../../handlers/lib/aws/target';
import {
  COMPOSE_FILE,
  COMPOSE_SERVICES,
  composeEndpoint,
  type ComposeBackend,
} from '../../localstack/compose-services';
import { endpointEnv } from '../../localstack/endpoint-env';
import { s3PutGetListPages, sqsSendReceiveDelete } from '../helpers/aws-roundtrip';
import { describeWithLocalImages, describeWithLocalstack, localImages } from './docker-gate';
import { freePort } from './support/free-port';
import { scaled } from '../helpers/time-scale';

const START_TIMEOUT_MS = scaled(10 * 60_000);
/** The demo provisions the stack, uploads a day of events and runs every handler. */
const DEMO_TIMEOUT_MS = scaled(15 * 60_000);
const root = join(__dirname, '..', '..');
/** The override that runs the moto service from the local image. */
const LOCAL_MOTO_OVERRIDE = 'localstack/compose.local-moto.yml';
const run = promisify(execFile);

async function freePorts(): Promise<Record<string, string>> {
  const ports: Record<string, string> = {};
  for (const service of Object.values(COMPOSE_SERVICES)) {
    ports[service.hostPortVariable] = String(await freePort());
  }
  return ports;
}

/** One backend's S3 and SQS round trips through the client factory and endpoint-env.ts. */
async function roundTrips(backend: ComposeBackend, ports: Record<string, string>): Promise<void> {
  const clients = createAwsClients(targetFromEnv(endpointEnv(backend, ports)));
  try {
    await s3PutGetListPages(clients);
    await sqsSendReceiveDelete(clients);
  } finally {
    clients.destroy();
  }
}

describeWithLocalImages(`${COMPOSE_FILE}, moto profile (local image)`, () => {
  let environment: StartedDockerComposeEnvironment | undefined;
  let ports: Record<string, string> = {};
  const env = (): Record<string, string> => ({ ...ports, PIPELINE_MOTO_IMAGE: localImages().moto });

  beforeAll(async () => {
    ports = await freePorts();
    environment = await new DockerComposeEnvironment(root, [COMPOSE_FILE, LOCAL_MOTO_OVERRIDE])
      .withEnvironment(env())
      .withProfiles(COMPOSE_SERVICES.moto.profile)
      .withWaitStrategy(`${COMPOSE_SERVICES.moto.name}-1`, Wait.forHealthCheck())
      .withStartupTimeout(START_TIMEOUT_MS)
      .up([COMPOSE_SERVICES.moto.name]);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await environment?.down();
  }, START_TIMEOUT_MS);

  it('validates with compose v2 (docker compose config), alone and with the override', async () => {
    const config = (files: string[], profiles: string[] = []): Promise<{ stdout: string }> =>
      run(
        'docker',
        [
          'compose',
          ...files.flatMap((f) => ['-f', f]),
          ...profiles.flatMap((p) => ['--profile', p]),
          'config',
          '--format',
          'json',
        ],
        { cwd: root, env: { ...process.env, ...env() } },
      );
    const plain = JSON.parse((await config([COMPOSE_FILE])).stdout) as {
      name: string;
      services: Record<string, unknown>;
    };
    expect(plain.name).toBe('curated-pipeline');
    expect(Object.keys(plain.services)).toEqual(['localstack']);
    const local = JSON.parse(
      (await config([COMPOSE_FILE, LOCAL_MOTO_OVERRIDE], [COMPOSE_SERVICES.moto.profile])).stdout,
    ) as {
      services: Record<string, { image: string; pull_policy?: string }>;
    };
    expect(local.services.moto).toMatchObject({ image: localImages().moto, pull_policy: 'never' });
  });

  it(
    'serves moto at the endpoint endpoint-env.ts exports',
    async () => {
      expect(composeEndpoint('moto', ports)).toBe(`http://localhost:${ports.MOTO_HOST_PORT}`);
      await roundTrips('moto', ports);
    },
    scaled(120_000),
  );

  it(
    'runs the demo against it (npm run demo -- --target endpoint)',
    async () => {
      const tsx = join(root, 'node_modules', '.bin', 'tsx');
      const args = ['scripts/demo.ts', '--target', 'endpoint', '--days', '1'];
      const { stdout } = await run(tsx, args, {
        cwd: root,
        env: { ...process.env, PIPELINE_ENDPOINT_URL: composeEndpoint('moto', ports) },
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(stdout).toContain(`using the emulator at ${composeEndpoint('moto', ports)}`);
      // One date, its manifest done and its DQ passed; DuckDB read the curated table.
      expect(stdout).toMatch(/^\d{4}-\d{2}-\d{2} .* 1 done .* passed$/m);
      expect(stdout).toMatch(/^\(\d+ rows\)$/m);
    },
    DEMO_TIMEOUT_MS,
  );
});

describeWithLocalstack(`${COMPOSE_FILE}, LocalStack`, () => {
  let environment: StartedDockerComposeEnvironment | undefined;
  let ports: Record<string, string> = {};

  beforeAll(async () => {
    ports = await freePorts();
    environment = await new DockerComposeEnvironment(root, COMPOSE_FILE)
      .withEnvironment(ports)
      .withWaitStrategy(`${COMPOSE_SERVICES.localstack.name}-1`, Wait.forHealthCheck())
      .withStartupTimeout(START_TIMEOUT_MS)
      .up([COMPOSE_SERVICES.localstack.name]);
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

  it(
    'serves LocalStack at the endpoint endpoint-env.ts exports',
    async () => {
      await roundTrips('localstack', ports);
    },
    scaled(120_000),
  );
});
