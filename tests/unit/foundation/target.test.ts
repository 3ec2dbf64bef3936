/**
 * The target config: one typed description of where the AWS API is, read from the environment
 * the same way on Lambda, in LocalStack's Lambda containers, on the embedded emulator and in
 * the CLI.
 */
import fc from 'fast-check';
import {
  EMULATOR_DEFAULT_REGION,
  emulatorTargetAt,
  targetFromEnv,
  targetToEnv,
  type Target,
} from '../../../handlers/lib/aws/target';
import { ConfigError } from '../../../handlers/lib/errors/config-error';
import { ENV_VARS } from '../../../handlers/lib/names';

/** The error targetFromEnv throws for `env`, so tests can read its message. */
function failure(env: Record<string, string>): ConfigError {
  try {
    targetFromEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('targetFromEnv', () => {
  it('is real AWS with the default credential chain when nothing is set', () => {
    expect(targetFromEnv({})).toEqual({ kind: 'aws', region: undefined });
  });

  it('keeps the region AWS sets for a Lambda function', () => {
    expect(targetFromEnv({ [ENV_VARS.region]: 'eu-west-1' })).toEqual({
      kind: 'aws',
      region: 'eu-west-1',
    });
  });

  it('follows AWS_ENDPOINT_URL, which LocalStack injects into its Lambda containers', () => {
    expect(
      targetFromEnv({
        [ENV_VARS.sdkEndpointUrl]: 'http://localstack:4566',
        [ENV_VARS.region]: 'eu-central-1',
      }),
    ).toEqual({
      kind: 'endpoint',
      endpoint: 'http://localstack:4566',
      region: 'eu-central-1',
      forcePathStyle: true,
    });
  });

  it('prefers the project endpoint over the SDK-wide one', () => {
    const target = targetFromEnv({
      [ENV_VARS.endpointUrl]: 'http://127.0.0.1:5000',
      [ENV_VARS.sdkEndpointUrl]: 'http://localstack:4566',
    });
    expect(target).toMatchObject({ kind: 'endpoint', endpoint: 'http://127.0.0.1:5000' });
  });

  it('is the embedded emulator when told so, in the emulator region by default', () => {
    expect(
      targetFromEnv({
        [ENV_VARS.target]: 'embedded',
        [ENV_VARS.endpointUrl]: 'http://127.0.0.1:40123',
      }),
    ).toEqual({
      kind: 'embedded',
      endpoint: 'http://127.0.0.1:40123',
      region: EMULATOR_DEFAULT_REGION,
      forcePathStyle: true,
    });
  });

  it('stays on real AWS when told so, even with an endpoint in the environment', () => {
    const target = targetFromEnv({
      [ENV_VARS.target]: 'aws',
      [ENV_VARS.sdkEndpointUrl]: 'http://localstack:4566',
    });
    expect(target).toEqual({ kind: 'aws', region: undefined });
  });

  it('names the missing endpoint variable for an emulator target', () => {
    const err = failure({ [ENV_VARS.target]: 'embedded' });
    expect(err.message).toContain(ENV_VARS.endpointUrl);
    expect(err.message).toContain(`${ENV_VARS.target}=embedded`);
  });

  it('names the variable of an unknown target kind', () => {
    const err = failure({ [ENV_VARS.target]: 'staging' });
    expect(err.message).toMatch(
      new RegExp(`^invalid AWS target configuration: ${ENV_VARS.target}:`),
    );
  });

  it.each([ENV_VARS.endpointUrl, ENV_VARS.sdkEndpointUrl])(
    'names %s when it is not a URL',
    (variable) => {
      const err = failure({ [variable]: 'localhost:4566' });
      expect(err.message).toContain(`${variable}:`);
    },
  );

  it('names the empty region variable', () => {
    expect(failure({ [ENV_VARS.region]: '' }).message).toContain(`${ENV_VARS.region}:`);
  });
});

describe('emulatorTargetAt', () => {
  it('addresses S3 by path on emulators (no wildcard DNS for bucket subdomains)', () => {
    expect(emulatorTargetAt('http://localhost:4566').forcePathStyle).toBe(true);
  });

  it('accepts only http and https endpoints', () => {
    expect(() => emulatorTargetAt('ftp://localhost:21')).toThrow();
    expect(emulatorTargetAt('https://emulator.internal').endpoint).toBe(
      'https://emulator.internal',
    );
  });
});

describe('targetToEnv', () => {
  const region = fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2');
  const port = fc.integer({ min: 1, max: 65_535 });
  const targets: fc.Arbitrary<Target> = fc.oneof(
    fc.record({ kind: fc.constant('aws' as const), region: fc.option(region, { nil: undefined }) }),
    fc
      .tuple(fc.constantFrom('embedded' as const, 'endpoint' as const), port, region)
      .map(([kind, p, r]) => emulatorTargetAt(`http://127.0.0.1:${p}`, kind, r)),
  );

  it('is the inverse of targetFromEnv, so a child process gets the same target', () => {
    fc.assert(
      fc.property(targets, (target) => {
        const back = targetFromEnv(targetToEnv(target));
        expect(back).toEqual(target.kind === 'aws' ? { region: undefined, ...target } : target);
      }),
    );
  });
});
