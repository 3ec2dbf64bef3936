import { ConfigError } from '../../handlers/lib/errors/config-error';
import { STACK_ENV_VARS, resourceNames } from '../../handlers/lib/names';
import { DEV_CONFIG } from '../../stacks/config/dev';
import { envConfig } from '../../stacks/config/env-configs';
import { stackOverridesFromEnv } from '../../stacks/config/stack-overrides';
import { validateEnvConfig } from '../../stacks/config/validate-config';
import { record, synth } from './support/synth-stack';

describe('stack config', () => {
  it('names the field of an invalid value', () => {
    const bad = {
      ...DEV_CONFIG,
      functions: {
        ...DEV_CONFIG.functions,
        transform: { ...DEV_CONFIG.functions.transform, timeoutSeconds: 901 },
      },
    };
    expect(() => validateEnvConfig(bad, 'dev')).toThrow(ConfigError);
    expect(() => validateEnvConfig(bad, 'dev')).toThrow(
      /dev\.functions\.transform\.timeoutSeconds/,
    );
  });

  it('rejects a log retention CloudWatch does not accept', () => {
    expect(() => validateEnvConfig({ ...DEV_CONFIG, logRetentionDays: 10 }, 'dev')).toThrow(
      /dev\.logRetentionDays/,
    );
  });

  it('validates environment overrides, naming the variable', () => {
    expect(() => stackOverridesFromEnv({ [STACK_ENV_VARS.alertEmail]: 'not-an-email' })).toThrow(
      new RegExp(STACK_ENV_VARS.alertEmail),
    );
    expect(() => stackOverridesFromEnv({ [STACK_ENV_VARS.prefix]: 'Bad_Prefix' })).toThrow(
      new RegExp(STACK_ENV_VARS.prefix),
    );
    expect(() => stackOverridesFromEnv({ [STACK_ENV_VARS.localEndpoint]: 'localhost' })).toThrow(
      new RegExp(STACK_ENV_VARS.localEndpoint),
    );
    expect(stackOverridesFromEnv({ [STACK_ENV_VARS.alertEmail]: '' })).toEqual({
      projectPrefix: undefined,
      alertEmail: undefined,
      accountId: undefined,
      localEndpoint: undefined,
    });
  });

  it('applies the prefix, email and account overrides', () => {
    const overrides = stackOverridesFromEnv({
      [STACK_ENV_VARS.prefix]: 'acme-events',
      [STACK_ENV_VARS.alertEmail]: 'oncall@example.com',
      [STACK_ENV_VARS.accountId]: '123456789012',
    });
    const stack = synth('prod', overrides);
    const names = resourceNames('acme-events', 'prod', '123456789012');
    const buckets = stack.resources('aws_s3_bucket').map(([, b]) => b.bucket);
    expect(buckets.sort()).toEqual(Object.values(names.buckets).sort());
    expect(stack.one('aws_sns_topic_subscription', () => true)).toMatchObject({
      protocol: 'email',
      endpoint: 'oncall@example.com',
    });
    expect(envConfig('prod', overrides).projectPrefix).toBe('acme-events');
  });
});

describe('state backend', () => {
  it('keeps dev state locally and prod state in S3 with locking', () => {
    const backend = (env: 'dev' | 'prod') =>
      record(record(record(synth(env).json.terraform).backend));
    expect(Object.keys(backend('dev'))).toEqual(['local']);
    expect(backend('prod').s3).toMatchObject({ encrypt: true, use_lockfile: true });
  });
});
