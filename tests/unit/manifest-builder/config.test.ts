import {
  DEFAULT_FLUSH_AGE_SECONDS,
  parseBuilderConfig,
} from '../../../handlers/manifest-builder/config';
import { functionEnvironment } from '../../../handlers/lib/config/function-environment';
import { ENV_VARS, resourceNames } from '../../../handlers/lib/names';

const names = resourceNames('curated-pipeline', 'dev');
const env = functionEnvironment(
  'manifestBuilder',
  names,
  {
    logLevel: 'DEBUG',
    maxFilesPerManifest: 50,
    maxBatchSizeGb: 1,
    expectedFileSizeMb: 10,
    sizeTolerancePercent: 50,
    lockTtlSeconds: 300,
  },
  {
    ingestQueueUrl: 'http://localhost/q/ingest',
    manifestQueueUrl: 'http://localhost/q/manifest',
    alertsTopicArn: 'arn:t',
  },
);

describe('parseBuilderConfig', () => {
  it('reads what the stack sets on the function, with documented defaults for the rest', () => {
    const c = parseBuilderConfig(env);
    expect(c).toMatchObject({
      rawBucket: names.buckets.raw,
      filesTable: names.tables.files,
      locksTable: names.tables.locks,
      maxFilesPerManifest: 50,
      maxBatchBytes: 1024 ** 3,
      flushAgeSeconds: DEFAULT_FLUSH_AGE_SECONDS,
      validation: {
        expectedBytes: 10 * 1024 ** 2,
        tolerancePercent: 50,
        missingDate: 'last-modified',
      },
    });
  });

  it('takes overrides, and an empty optional value as unset', () => {
    const c = parseBuilderConfig({
      ...env,
      [ENV_VARS.maxFilesPerManifest]: '7',
      [ENV_VARS.expectedFileSizeMb]: '',
      [ENV_VARS.missingDatePolicy]: 'quarantine',
      [ENV_VARS.allowedExtensions]: '.ndjson, .CSV',
    });
    expect(c.maxFilesPerManifest).toBe(7);
    expect(c.validation).toMatchObject({
      expectedBytes: undefined,
      missingDate: 'quarantine',
      allowedExtensions: ['.ndjson', '.csv'],
    });
  });

  it('names every missing or invalid variable', () => {
    const { [ENV_VARS.filesTable]: _files, ...missing } = env;
    expect(() =>
      parseBuilderConfig({ ...missing, [ENV_VARS.maxFilesPerManifest]: 'lots' }),
    ).toThrow(/FILES_TABLE.*MAX_FILES_PER_MANIFEST|MAX_FILES_PER_MANIFEST.*FILES_TABLE/);
  });
});
