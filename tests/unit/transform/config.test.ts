import { ConfigError } from '../../../handlers/lib/errors/config-error';
import { parseTransformConfig } from '../../../handlers/transform/config';
import { rowGroupRowsFor } from '../../../handlers/transform/convert/local-parquet-publisher';
import { GROUP_LIMITS } from '../../../handlers/transform/convert/stage-group';

const env = {
  RAW_BUCKET: 'raw',
  CURATED_BUCKET: 'curated',
  ARTIFACTS_BUCKET: 'artifacts',
  FILES_TABLE: 'files',
  METRICS_TABLE: 'metrics',
  LOCKS_TABLE: 'locks',
  LOCK_TTL_SECONDS: '300',
  ICEBERG_NAMESPACE: 'ns',
  DUCKDB_EXTENSION_DIR: '/opt/ext',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:alerts',
  POWERTOOLS_SERVICE_NAME: 'transform',
  POWERTOOLS_METRICS_NAMESPACE: 'p/dev',
};

describe('transform configuration', () => {
  it("reads resource names and defaults the tuning values; DQ rules default to the contracts'", () => {
    const config = parseTransformConfig(env);
    expect(config.buckets).toEqual({ raw: 'raw', curated: 'curated', artifacts: 'artifacts' });
    expect(config.dqRules).toBeUndefined();
    expect(config.dqOverrides).toEqual({});
    expect(config.maxLineBytes).toBe(32 * 1024 * 1024);
    // Raw files a staging group could hold are fetched; larger ones are read in place.
    expect(config.inPlaceMinBytes).toBe(GROUP_LIMITS.maxBytes);
    expect(parseTransformConfig({ ...env, RAW_IN_PLACE_MIN_MB: '0' }).inPlaceMinBytes).toBe(0);
    expect(() => parseTransformConfig({ ...env, RAW_IN_PLACE_MIN_MB: '-1' })).toThrow(
      /RAW_IN_PLACE_MIN_MB/,
    );
  });

  it('reads how far a gzip file may expand, with no limit when the variable is unset', () => {
    expect(parseTransformConfig(env).maxExpandedBytes).toBeUndefined();
    expect(parseTransformConfig({ ...env, MAX_STAGED_FILE_MB: '4608' }).maxExpandedBytes).toBe(
      4608 * 1024 * 1024,
    );
    expect(() => parseTransformConfig({ ...env, MAX_STAGED_FILE_MB: '0' })).toThrow(
      /MAX_STAGED_FILE_MB/,
    );
  });

  it('names a missing resource variable instead of defaulting it', () => {
    const { CURATED_BUCKET: _omit, ...missing } = env;
    expect(() => parseTransformConfig(missing)).toThrow(ConfigError);
    expect(() => parseTransformConfig(missing)).toThrow(/CURATED_BUCKET/);
  });

  it('names DQ_RULES when it is not a valid rule list', () => {
    expect(() => parseTransformConfig({ ...env, DQ_RULES: '[{"kind":"min_rows"}]' })).toThrow(
      /DQ_RULES: .*id/,
    );
    expect(() => parseTransformConfig({ ...env, DQ_RULES: 'not json' })).toThrow(
      'DQ_RULES: must be a JSON array of rules',
    );
  });

  it('takes rule overrides and DuckDB bounds from the environment', () => {
    const config = parseTransformConfig({
      ...env,
      DQ_RULES: '[{"kind":"max_reject_rate","id":"rejects","max":0.5,"severity":"warn"}]',
      TRANSFORM_MEMORY_LIMIT_MB: '512',
      TRANSFORM_THREADS: '1',
    });
    expect(config.dqRules).toEqual([
      { kind: 'max_reject_rate', id: 'rejects', max: 0.5, severity: 'warn' },
    ]);
    expect(config.duckdb).toEqual({ memoryLimitMb: 512, threads: 1 });
  });

  it("sizes the local writer's Parquet row groups to the DuckDB memory limit", () => {
    expect(rowGroupRowsFor(256)).toBe(30_720);
    expect(rowGroupRowsFor(1024)).toBe(122_880);
    expect(rowGroupRowsFor(100_000)).toBe(1_048_576);
  });
});
