/**
 * The client factory: every client takes region, endpoint and credentials from the target only.
 * Requests are captured at the middleware stack's build step (the SDK's public extension
 * point), after the endpoint is resolved and before anything is signed or sent.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  clientConfig,
  createAwsClients,
  createClient,
  type AwsClients,
} from '../../../handlers/lib/aws/clients';
import {
  EMULATOR_CREDENTIALS,
  emulatorTargetAt,
  type Target,
} from '../../../handlers/lib/aws/target';

interface CapturedRequest {
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  readonly path: string;
}

/** Stops every request at the build step; the error carries the request as the SDK built it. */
class Captured extends Error {
  constructor(readonly request: CapturedRequest) {
    super('captured');
  }
}

interface Sendable {
  middlewareStack: { add: (...args: never[]) => void };
}

function captureRequests(client: Sendable): void {
  const add = client.middlewareStack.add as unknown as (
    mw: (next: unknown) => (args: { request: CapturedRequest }) => Promise<never>,
    options: { step: 'build'; name: string },
  ) => void;
  add(() => (args) => Promise.reject(new Captured(args.request)), {
    step: 'build',
    name: 'captureRequest',
  });
}

async function requestOf(send: () => Promise<unknown>): Promise<CapturedRequest> {
  try {
    await send();
  } catch (err) {
    if (err instanceof Captured) return err.request;
    throw err;
  }
  throw new Error('the request was sent instead of captured');
}

/** One call per client of AwsClients, so every client is checked the same way. */
const calls: ReadonlyArray<
  [string, (c: AwsClients) => { client: Sendable; send: () => Promise<unknown> }]
> = [
  [
    's3',
    (c) => ({
      client: c.s3,
      send: () => c.s3.send(new GetObjectCommand({ Bucket: 'raw-bucket', Key: 'raw/a.ndjson' })),
    }),
  ],
  ['sqs', (c) => ({ client: c.sqs, send: () => c.sqs.send(new ListQueuesCommand({})) })],
  ['sns', (c) => ({ client: c.sns, send: () => c.sns.send(new ListTopicsCommand({})) })],
  [
    'dynamodb',
    (c) => ({ client: c.dynamodb, send: () => c.dynamodb.send(new ListTablesCommand({})) }),
  ],
  ['events', (c) => ({ client: c.events, send: () => c.events.send(new ListRulesCommand({})) })],
  ['sts', (c) => ({ client: c.sts, send: () => c.sts.send(new GetCallerIdentityCommand({})) })],
];

function firstRequest(target: Target, name: string): Promise<CapturedRequest> {
  const clients = createAwsClients(target);
  const call = calls.find(([n]) => n === name)![1](clients);
  captureRequests(call.client);
  return requestOf(call.send).finally(() => clients.destroy());
}

describe('createAwsClients on an emulator', () => {
  const target = emulatorTargetAt('http://127.0.0.1:45678', 'embedded', 'eu-west-1');

  it.each(calls.map(([name]) => name))('%s sends to the emulator endpoint', async (name) => {
    const request = await firstRequest(target, name);
    expect(request).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 45678 });
  });

  it('addresses S3 buckets by path', async () => {
    expect((await firstRequest(target, 's3')).path).toBe('/raw-bucket/raw/a.ndjson');
  });

  it('addresses S3 buckets by host name when the target says so', async () => {
    // LocalStack serves virtual-host buckets under localhost.localstack.cloud.
    const virtualHost = {
      ...emulatorTargetAt('http://localhost.localstack.cloud:4566'),
      forcePathStyle: false,
    };
    const request = await firstRequest(virtualHost, 's3');
    expect(request.hostname).toBe('raw-bucket.localhost.localstack.cloud');
    expect(request.path).toBe('/raw/a.ndjson');
  });

  it('signs with the fixed emulator credentials in the target region', async () => {
    const clients = createAwsClients(target);
    for (const client of [clients.s3, clients.sqs, clients.dynamodb, clients.sts]) {
      expect(await client.config.credentials()).toMatchObject(EMULATOR_CREDENTIALS);
      expect(await client.config.region()).toBe('eu-west-1');
    }
    clients.destroy();
  });

  it('leaves the SDK default checksum behaviour on', async () => {
    const { s3 } = createAwsClients(target);
    expect(await s3.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
    expect(await s3.config.responseChecksumValidation()).toBe('WHEN_SUPPORTED');
  });

  it('creates each client once, and again after destroy', () => {
    const clients = createAwsClients(target);
    const first = clients.sqs;
    expect(clients.sqs).toBe(first);
    expect(clients.ddb.config).toBe(clients.dynamodb.config);
    clients.destroy();
    expect(clients.sqs).not.toBe(first);
    clients.destroy();
  });
});

describe('createAwsClients on real AWS', () => {
  const target: Target = { kind: 'aws', region: 'eu-west-1' };
  // The environment is the first source of the SDK's default credential chain.
  const chainKeys = {
    AWS_ACCESS_KEY_ID: 'AKIDCHAINEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'chain-secret',
  };
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [k, v] of Object.entries(chainKeys)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('passes nothing but the region, so the default credential chain applies', async () => {
    expect(clientConfig(target)).toEqual({ region: 'eu-west-1' });
    expect(clientConfig({ kind: 'aws' })).toEqual({});
    const clients = createAwsClients(target);
    expect(await clients.sqs.config.credentials()).toMatchObject({
      accessKeyId: chainKeys.AWS_ACCESS_KEY_ID,
    });
    expect(clients.s3.config.forcePathStyle).toBe(false);
    clients.destroy();
  });

  it.each([
    ['sqs', 'sqs.eu-west-1.amazonaws.com'],
    ['dynamodb', 'dynamodb.eu-west-1.amazonaws.com'],
    ['sts', 'sts.eu-west-1.amazonaws.com'],
  ])('%s resolves the regional AWS endpoint', async (name, hostname) => {
    const request = await firstRequest(target, name);
    expect(request).toMatchObject({ protocol: 'https:', hostname });
  });

  it('addresses S3 buckets as virtual hosts', async () => {
    const request = await firstRequest(target, 's3');
    expect(request.hostname).toBe('raw-bucket.s3.eu-west-1.amazonaws.com');
    expect(request.path).toBe('/raw/a.ndjson');
  });
});

describe('createClient', () => {
  it('configures clients outside AwsClients from the same target', async () => {
    const sqs = createClient(SQSClient, emulatorTargetAt('http://localhost:4566'));
    captureRequests(sqs);
    const request = await requestOf(() => sqs.send(new ListQueuesCommand({})));
    expect(request).toMatchObject({ hostname: 'localhost', port: 4566 });
    expect(await sqs.config.credentials()).toMatchObject(EMULATOR_CREDENTIALS);
    sqs.destroy();
  });
});
