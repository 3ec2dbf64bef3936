/**
 * Mistakes anyone makes with the CLI end in one line that names the cause and the fix, exit 1,
 * and no stack trace: the "unexpected error (a bug ...)" branch is for bugs only.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import { useTestBackend } from '../../helpers/test-backend';

const backend = useTestBackend();

/** An environment with no AWS region, profile or credentials, and no instance metadata. */
const NO_AWS: Record<string, string | undefined> = {
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_PROFILE: undefined,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_CONFIG_FILE: join(PROJECT_ROOT, 'no-such-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(PROJECT_ROOT, 'no-such-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
};

function cli(args: readonly string[], env: Record<string, string | undefined> = {}) {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    PIPELINE_ENDPOINT_URL: undefined,
    ...env,
  };
  return spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'), ...args], {
    encoding: 'utf8',
    input: '',
    env: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)),
  });
}

/** A loopback port nothing listens on: bound by the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function expectOneLine(result: ReturnType<typeof cli>, message: RegExp): void {
  expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
  expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
  expect(result.status).toBe(1);
}

describe('CLI errors a user causes', () => {
  it('names the stack that is not deployed and how to deploy it (status --env prod)', () => {
    const endpoint = backend().target.endpoint;
    const result = cli(['status', '--env', 'prod', '--target', 'endpoint', '--endpoint', endpoint]);
    expectOneLine(
      result,
      /^error: the prod stack is not deployed on http:\/\/.+ \(ResourceNotFoundException: .*\); provision it with: pipeline up --env prod --target endpoint --endpoint http:\/\/\S+, or pass the --env that is deployed$/,
    );
  });

  it('says to pass a region when --target aws has none', () => {
    const result = cli(['status', '--target', 'aws'], NO_AWS);
    expectOneLine(
      result,
      /^error: no AWS region for --target aws; pass --region <region> or set AWS_REGION$/,
    );
  });

  it('says how to configure credentials when --target aws finds none', () => {
    const result = cli(['status', '--target', 'aws', '--region', 'eu-west-1'], NO_AWS);
    expectOneLine(
      result,
      /^error: no AWS credentials found \(.*\); configure them \(aws configure/,
    );
  });

  it('names the endpoint nothing listens on (ECONNREFUSED)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = cli(['status', '--target', 'endpoint', '--endpoint', url]);
    expectOneLine(
      result,
      new RegExp(
        `^error: cannot reach ${url.replace(/\./g, '\\.')}: connection refused; check --endpoint`,
      ),
    );
  });
});
