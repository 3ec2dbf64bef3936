import { functionEnvironment } from '../../../handlers/lib/config/function-environment';
import { ENV_VARS, resourceNames, type EnvName } from '../../../handlers/lib/names';
import { parseBuilderConfig } from '../../../handlers/manifest-builder/config';
import { parseTransformConfig } from '../../../handlers/transform/config';
import { DEV_CONFIG } from '../../../stacks/config/dev';
import { envConfig } from '../../../stacks/config/env-configs';
import { duckDbMemoryLimitMb, transformNeeds } from '../../../stacks/config/transform-sizing';
import { validateEnvConfig } from '../../../stacks/config/validate-config';

const refs = {
  ingestQueueUrl: 'http://localhost:5000/123456789012/ingest',
  manifestQueueUrl: 'http://localhost:5000/123456789012/manifest',
  alertsTopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
};

const environmentOf = (env: EnvName, fn: 'manifestBuilder' | 'transform') => {
  const config = envConfig(env);
  const names = resourceNames(config.projectPrefix, env);
  return { config, vars: functionEnvironment(fn, names, config.settings, refs) };
};

describe.each(['dev', 'prod'] as const)('%s: settings the stack sets on the functions', (env) => {
  it('gives the transform its output formats, DuckDB memory limit and temp dir', () => {
    const { config, vars } = environmentOf(env, 'transform');
    const limit = duckDbMemoryLimitMb(config.functions.transform.memoryMb);
    expect(limit).toBe(Math.floor(config.functions.transform.memoryMb * 0.6));
    expect(vars[ENV_VARS.outputFormats]).toBe(config.settings.transform.outputFormats.join(','));
    expect(vars[ENV_VARS.transformMemoryLimitMb]).toBe(String(limit));
    expect(vars[ENV_VARS.transformTmpDir]).toBe('/tmp');
    const parsed = parseTransformConfig(vars);
    expect(parsed.duckdb.memoryLimitMb).toBe(limit);
    expect(parsed.tempDir).toBe('/tmp');
    expect(parsed.outputFormats).toEqual(config.settings.transform.outputFormats);
  });

  it('gives the manifest builder its file-size cap and flush age', () => {
    const { config, vars } = environmentOf(env, 'manifestBuilder');
    const parsed = parseBuilderConfig(vars);
    expect(parsed.validation.maxBytes).toBe(config.settings.maxFileSizeMb * 1024 * 1024);
    expect(parsed.flushAgeSeconds).toBe(config.settings.manifestFlushAgeSeconds);
    // The builder does not get the transform's settings, nor the transform the builder's.
    expect(vars[ENV_VARS.outputFormats]).toBeUndefined();
    expect(environmentOf(env, 'transform').vars[ENV_VARS.maxFileSizeMb]).toBeUndefined();
  });

  it("sizes the transform's /tmp, memory and timeout for its largest manifest", () => {
    const { config } = environmentOf(env, 'transform');
    const inputMb = Math.max(config.settings.maxBatchSizeGb * 1024, config.settings.maxFileSizeMb);
    const fn = config.functions.transform;
    const needs = transformNeeds(inputMb, fn);
    expect(fn.ephemeralStorageMb).toBeGreaterThanOrEqual(needs.tmpMb);
    expect(fn.memoryMb).toBeGreaterThanOrEqual(needs.memoryMb);
    expect(fn.timeoutSeconds).toBeGreaterThanOrEqual(needs.seconds);
  });
});

describe('validating the transform settings of an environment', () => {
  const withSettings = (settings: object, transformFn: object = {}) => ({
    ...DEV_CONFIG,
    settings: { ...DEV_CONFIG.settings, ...settings },
    functions: {
      ...DEV_CONFIG.functions,
      transform: { ...DEV_CONFIG.functions.transform, ...transformFn },
    },
  });

  it('refuses /tmp too small for the largest manifest, naming the field and the need', () => {
    // 1 GB at a 1,228 MB limit: 2,662 - 1,228 = 1,434 MB of spill + 512 MB of outputs.
    expect(() => validateEnvConfig(withSettings({}, { ephemeralStorageMb: 1024 }), 'dev')).toThrow(
      'dev.functions.transform.ephemeralStorageMb: must be at least 1947 MB',
    );
    // 2 GB: 5,325 - 1,228 + 1,024.
    expect(() => validateEnvConfig(withSettings({ maxFileSizeMb: 2048 }), 'dev')).toThrow(
      /ephemeralStorageMb: must be at least 5121 MB/,
    );
  });

  it('refuses a timeout or memory the largest manifest could not finish in', () => {
    expect(() => validateEnvConfig(withSettings({}, { timeoutSeconds: 30 }), 'dev')).toThrow(
      'dev.functions.transform.timeoutSeconds: must be at least 52 s',
    );
    expect(() => validateEnvConfig(withSettings({}, { memoryMb: 1024 }), 'dev')).toThrow(
      /dev\.functions\.transform\.memoryMb: must be at least 1414 MB/,
    );
  });

  it('refuses output formats without Parquet and a relative temp dir', () => {
    const transform = (t: object) => ({ transform: { ...DEV_CONFIG.settings.transform, ...t } });
    expect(() =>
      validateEnvConfig(withSettings(transform({ outputFormats: ['avro'] })), 'dev'),
    ).toThrow('dev.settings.transform.outputFormats: must include parquet');
    expect(() => validateEnvConfig(withSettings(transform({ tempDir: 'tmp' })), 'dev')).toThrow(
      'dev.settings.transform.tempDir: must be an absolute path',
    );
  });

  it('derives the DuckDB limit from the function memory, never from a hand-set value', () => {
    const c = validateEnvConfig(withSettings({}, { memoryMb: 4096 }), 'dev');
    expect(c.settings.transform.memoryLimitMb).toBe(2457);
  });
});
