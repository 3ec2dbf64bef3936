import { Type } from 'avsc';
import {
  AVRO_TYPES,
  avroSchemaFor,
  avroTypeFor,
  curatedColumns,
} from '../../../handlers/lib/contract/avro-schema';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { sourceContractSchema } from '../../../handlers/lib/contract/contract';
import { parseTransformConfig } from '../../../handlers/transform/config';
import { TRANSFORM_ENV_VARS } from '../../../handlers/lib/names';

const contract = contractFor('app');

describe('Avro schema of a contract', () => {
  it('maps each contract type to its Avro type', () => {
    expect(AVRO_TYPES).toEqual({
      string: 'string',
      integer: 'long',
      double: 'double',
      boolean: 'boolean',
      timestamp: { type: 'long', logicalType: 'timestamp-micros' },
      string_list: { type: 'array', items: ['null', 'string'] },
    });
  });

  it('has the Parquet columns in order: contract fields, then _doc and lineage', () => {
    const schema = avroSchemaFor(contract);
    expect(schema.fields.map((f) => f.name)).toEqual([
      ...contract.fields.map((f) => f.path.join('_')),
      '_doc',
      '_source_file',
      '_manifest_id',
      '_ingested_at',
    ]);
    expect(curatedColumns(contract).map((c) => c.name)).toEqual(schema.fields.map((f) => f.name));
  });

  it('makes required fields plain and optional ones null-first unions defaulting to null', () => {
    const byName = new Map(avroSchemaFor(contract).fields.map((f) => [f.name, f]));
    expect(byName.get('event_id')).toEqual({ name: 'event_id', type: 'string' });
    expect(byName.get('event_ts')).toEqual({
      name: 'event_ts',
      type: { type: 'long', logicalType: 'timestamp-micros' },
    });
    expect(byName.get('user_id')).toEqual({
      name: 'user_id',
      type: ['null', 'string'],
      default: null,
    });
    expect(byName.get('session_page_views')?.type).toEqual(['null', 'long']);
    expect(byName.get('location_latitude')?.type).toEqual(['null', 'double']);
    expect(byName.get('session_is_new')?.type).toEqual(['null', 'boolean']);
    expect(byName.get('properties_tags')?.type).toEqual([
      'null',
      { type: 'array', items: ['null', 'string'] },
    ]);
    expect(byName.get('_ingested_at')?.type).toEqual({
      type: 'long',
      logicalType: 'timestamp-micros',
    });
  });

  it('is a valid Avro schema named after the source and contract version', () => {
    const odd = sourceContractSchema.parse({
      source: 'web-app.v2',
      version: 3,
      dedupKey: 'id',
      eventTime: 'ts',
      fields: [
        { path: ['id'], type: 'string', required: true },
        { path: ['ts'], type: 'timestamp', required: true },
      ],
    });
    expect(Type.forSchema(avroSchemaFor(odd) as never).name).toBe('pipeline.curated.web_app_v2_v3');
    // The logical type annotation survives into the schema a file header carries.
    const exported = avroTypeFor(avroSchemaFor(odd)).schema({ exportAttrs: true }) as {
      fields: { name: string; type: unknown }[];
    };
    expect(exported.fields.find((f) => f.name === 'ts')?.type).toEqual({
      type: 'long',
      logicalType: 'timestamp-micros',
    });
  });

  it('round-trips longs past 2^53 and nullable unions exactly (bigint longs)', () => {
    const type = avroTypeFor(avroSchemaFor(contract));
    const big = 2n ** 62n + 3n;
    const row = Object.fromEntries(
      curatedColumns(contract).map((c) => [
        c.name,
        c.nullable ? null : c.type === 'timestamp' ? 1n : 'x',
      ]),
    );
    const full = { ...row, session_page_views: big, properties_tags: ['a', null] };
    expect(type.isValid(full)).toBe(true);
    expect({ ...(type.fromBuffer(type.toBuffer(full)) as object) }).toEqual(full);
    // A number where a long belongs is a bug upstream, not silently rounded.
    expect(type.isValid({ ...row, session_page_views: 5 })).toBe(false);
  });
});

describe('OUTPUT_FORMATS', () => {
  const base = {
    RAW_BUCKET: 'r',
    CURATED_BUCKET: 'c',
    ARTIFACTS_BUCKET: 'a',
    FILES_TABLE: 'f',
    METRICS_TABLE: 'm',
    LOCKS_TABLE: 'l',
    LOCK_TTL_SECONDS: '300',
    ICEBERG_NAMESPACE: 'ns',
    DUCKDB_EXTENSION_DIR: '/opt/ext',
    ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:t',
    POWERTOOLS_SERVICE_NAME: 'transform',
    POWERTOOLS_METRICS_NAMESPACE: 'ns',
  };
  const formats = (value?: string) =>
    parseTransformConfig({ ...base, [TRANSFORM_ENV_VARS.outputFormats]: value }).outputFormats;

  it('defaults to Parquet only', () => {
    expect(formats(undefined)).toEqual(['parquet']);
    expect(formats('')).toEqual(['parquet']);
  });

  it('accepts parquet,avro in any order, spacing and case', () => {
    expect(formats('parquet,avro')).toEqual(['parquet', 'avro']);
    expect(formats(' Avro , PARQUET ')).toEqual(['avro', 'parquet']);
  });

  it.each([
    ['avro', /OUTPUT_FORMATS.*must include parquet/],
    ['parquet,orc', /OUTPUT_FORMATS/],
    ['parquet,avro,avro', /OUTPUT_FORMATS.*must not repeat/],
  ])('refuses %s, naming the variable', (value, message) => {
    expect(() => formats(value)).toThrow(message);
  });
});
