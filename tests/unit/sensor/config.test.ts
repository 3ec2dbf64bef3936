import { functionEnvironment } from '../../../handlers/lib/config/function-environment';
import { ENV_VARS, resourceNames } from '../../../handlers/lib/names';
import { parseSensorConfig } from '../../../handlers/missing-data-sensor/config';
import { envConfig } from '../../../stacks/config/env-configs';

const config = envConfig('dev');
const names = resourceNames(config.projectPrefix, 'dev');
const env = functionEnvironment('sensor', names, config.settings, {
  ingestQueueUrl: 'http://localhost:5000/123456789012/ingest',
  manifestQueueUrl: 'http://localhost:5000/123456789012/manifest',
  alertsTopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
  ingestDlqUrl: 'http://localhost:5000/123456789012/ingest-dlq',
  manifestDlqUrl: 'http://localhost:5000/123456789012/manifest-dlq',
});

describe('parseSensorConfig', () => {
  it('reads what the stack sets on the sensor', () => {
    const c = parseSensorConfig(env);
    expect(c.expectations).toEqual(config.settings.sensor);
    expect(c.dlqs.map((q) => q.queue)).toEqual(['ingest', 'manifest']);
    expect(c.rawBucket).toBe(names.buckets.raw);
    expect(c.filesTable).toBe(names.tables.files);
  });

  it.each([
    ENV_VARS.sensorSources,
    ENV_VARS.sensorCutoffUtc,
    ENV_VARS.sensorExpectedDateLagDays,
    ENV_VARS.sensorLookbackDays,
    ENV_VARS.ingestDlqUrl,
    ENV_VARS.manifestDlqUrl,
  ])('has no default for %s: missing, it fails naming the variable', (variable) => {
    expect(() => parseSensorConfig({ ...env, [variable]: undefined })).toThrow(
      new RegExp(`^invalid missing-data-sensor configuration: ${variable}:`),
    );
  });

  it.each([
    [ENV_VARS.sensorCutoffUtc, '24:00'],
    [ENV_VARS.sensorCutoffUtc, '2:00'],
    [ENV_VARS.sensorSources, 'app,bad source'],
    [ENV_VARS.sensorLookbackDays, '0'],
    [ENV_VARS.sensorExpectedDateLagDays, '-1'],
  ])('rejects %s=%s', (variable, value) => {
    expect(() => parseSensorConfig({ ...env, [variable]: value })).toThrow(variable);
  });

  it('reads several sources and drops repeats', () => {
    const c = parseSensorConfig({ ...env, [ENV_VARS.sensorSources]: 'app, web,app' });
    expect(c.expectations.sources).toEqual(['app', 'web']);
  });
});
