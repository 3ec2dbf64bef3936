/**
 * localstack/endpoint-env.ts: the exports that point cdktf deploy, the CLI and the tests at a
 * docker-compose emulator are the ones their readers parse.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { targetFromEnv } from '../../../handlers/lib/aws/target';
import { ConfigError } from '../../../handlers/lib/errors/config-error';
import { STACK_ENV_VARS } from '../../../handlers/lib/names';
import { COMPOSE_SERVICES } from '../../../localstack/compose-services';
import { endpointEnv, parseBackendArg, toShellExports } from '../../../localstack/endpoint-env';
import { stackOverridesFromEnv } from '../../../stacks/config/stack-overrides';
import { BACKEND_ENV } from '../../helpers/backend-env';

describe('endpointEnv', () => {
  it('points the stacks, the runtime and the tests at LocalStack on its default port', () => {
    const env = endpointEnv('localstack', {});
    expect(stackOverridesFromEnv(env).localEndpoint).toBe('http://localhost:4566');
    expect(targetFromEnv(env)).toEqual({
      kind: 'endpoint',
      endpoint: 'http://localhost:4566',
      region: 'us-east-1',
      forcePathStyle: true,
    });
    expect(env[BACKEND_ENV.explicitEndpoint]).toBe('http://localhost:4566');
    expect(env).toMatchObject({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  });

  it('follows the published port of the moto service', () => {
    const env = endpointEnv('moto', { [COMPOSE_SERVICES.moto.hostPortVariable]: '5050' });
    expect(env[STACK_ENV_VARS.localEndpoint]).toBe('http://localhost:5050');
    expect(endpointEnv('moto', {})[STACK_ENV_VARS.localEndpoint]).toBe('http://localhost:5000');
  });

  it('names the port variable when it is not a port', () => {
    const variable = COMPOSE_SERVICES.localstack.hostPortVariable;
    expect(() => endpointEnv('localstack', { [variable]: 'abc' })).toThrow(ConfigError);
    expect(() => endpointEnv('localstack', { [variable]: '70000' })).toThrow(
      new RegExp(`${variable}:`),
    );
  });
});

describe('parseBackendArg', () => {
  it('defaults to LocalStack and lists the choices for anything else', () => {
    expect(parseBackendArg(undefined)).toBe('localstack');
    expect(parseBackendArg('moto')).toBe('moto');
    expect(() => parseBackendArg('minio')).toThrow('use one of localstack, moto');
  });
});

describe('toShellExports', () => {
  it('quotes values so the shell gets them back byte for byte', () => {
    const vars = { A: "it's", B: 'a b $HOME `x`', C: 'http://localhost:4566' };
    const script = `${toShellExports(vars)}printf '%s\\n' "$A" "$B" "$C"`;
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(out).toBe(`${vars.A}\n${vars.B}\n${vars.C}\n`);
  });

  it('is what the script prints, ready for eval', () => {
    const script = join(__dirname, '..', '..', '..', 'localstack', 'endpoint-env.ts');
    const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
    const out = execFileSync(tsx, [script, 'moto'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(out).toBe(toShellExports(endpointEnv('moto', {})));
  });
});
