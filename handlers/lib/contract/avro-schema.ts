import { Type, types, type Schema } from 'avsc';
import { columnName, LINEAGE_COLUMNS, type ColumnType, type SourceContract } from './contract';

/** Avro type of one contract type's values. */
export type AvroLeafSchema =
  | 'string'
  | 'long'
  | 'double'
  | 'boolean'
  | { readonly type: 'long'; readonly logicalType: 'timestamp-micros' }
  | { readonly type: 'array'; readonly items: readonly ['null', 'string'] };

/** The Avro record schema of curated rows, as JSON (what the container file's header carries). */
export interface AvroSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly doc: string;
  readonly fields: readonly {
    readonly name: string;
    readonly type: AvroLeafSchema | readonly ['null', AvroLeafSchema];
    readonly default?: null;
  }[];
}

/** Avro type of a value of each contract type (the non-null branch of a nullable field). */
export const AVRO_TYPES: Readonly<Record<ColumnType, AvroLeafSchema>> = {
  string: 'string',
  integer: 'long',
  double: 'double',
  boolean: 'boolean',
  // Microseconds since the epoch, UTC: DuckDB's TIMESTAMP precision, so nothing is rounded.
  timestamp: { type: 'long', logicalType: 'timestamp-micros' },
  // A JSON array may hold nulls next to strings; DuckDB keeps them, so Avro must too.
  string_list: { type: 'array', items: ['null', 'string'] },
};

/** One field of the record: its curated column name, and whether it may be null. */
export interface AvroColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

/**
 * The curated columns in Parquet order: the contract's fields, then `_doc` and the lineage
 * columns. Required fields are never null in curated rows (a row missing one is rejected),
 * lineage columns always have a value.
 */
export function curatedColumns(contract: SourceContract): AvroColumn[] {
  return [
    ...contract.fields.map((f) => ({ name: columnName(f), type: f.type, nullable: !f.required })),
    { name: LINEAGE_COLUMNS.doc, type: 'string', nullable: false },
    { name: LINEAGE_COLUMNS.sourceFile, type: 'string', nullable: false },
    { name: LINEAGE_COLUMNS.manifestId, type: 'string', nullable: false },
    { name: LINEAGE_COLUMNS.ingestedAt, type: 'timestamp', nullable: false },
  ];
}

/** Avro record names allow letters, digits and `_` only; sources may carry `.` and `-`. */
const avroName = (text: string): string => text.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * Derives the Avro record schema of a contract's curated rows, so the optional Avro output
 * carries exactly the Parquet columns with the same types: nullable fields become
 * `["null", T]` unions (null first, the Avro convention for optional fields, default null).
 * The record is named after the source and versioned with the contract, so a consumer can tell
 * which contract wrote a file.
 */
export function avroSchemaFor(contract: SourceContract): AvroSchema {
  return {
    type: 'record',
    name: `${avroName(contract.source)}_v${contract.version}`,
    namespace: 'pipeline.curated',
    doc: `Curated rows of source ${contract.source}, contract version ${contract.version}`,
    fields: curatedColumns(contract).map((c) =>
      c.nullable
        ? { name: c.name, type: ['null', AVRO_TYPES[c.type]], default: null }
        : { name: c.name, type: AVRO_TYPES[c.type] },
    ),
  };
}

/**
 * Avro `long` carried as a JS bigint, as DuckDB returns BIGINT and TIMESTAMP values: a plain
 * number would lose precision past 2^53 (and avsc refuses unsafe integers), so an event with a
 * large integer would fail the whole run. Follows avsc's documented custom long type recipe.
 * Made on first use, so loading this module (the CLI loads it at start) does not load avsc.
 */
let bigintLongType: ReturnType<typeof types.LongType.__with> | undefined;
const bigintLong = (): ReturnType<typeof types.LongType.__with> =>
  (bigintLongType ??= types.LongType.__with({
    fromBuffer: (buf: Buffer): bigint => buf.readBigInt64LE(),
    toBuffer: (n: bigint): Buffer => {
      const buf = Buffer.alloc(8);
      buf.writeBigInt64LE(n);
      return buf;
    },
    fromJSON: (v: number | string): bigint => BigInt(v),
    toJSON: (n: bigint): number => Number(n),
    isValid: (n: unknown): boolean => typeof n === 'bigint',
    compare: (a: bigint, b: bigint): number => (a === b ? 0 : a < b ? -1 : 1),
  }));

const isLong = (schema: unknown): boolean =>
  schema === 'long' ||
  (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'long');

type LogicalTypeClass = new (schema: Schema, opts: object) => Type;
let timestampMicrosType: LogicalTypeClass | undefined;
/**
 * `timestamp-micros` over a bigint long: values pass through as bigint microseconds (what DuckDB
 * gives), and the schema a file header carries keeps the logical type annotation, so readers
 * (Spark, Athena, fastavro) see timestamps rather than bare longs. Defined on first use, as
 * {@link bigintLong}: its base class comes from avsc.
 */
const timestampMicros = (): LogicalTypeClass =>
  (timestampMicrosType ??= class TimestampMicrosType extends types.LogicalType {
    protected override _fromValue(value: unknown): unknown {
      return value;
    }
    protected override _toValue(value: unknown): unknown {
      return value;
    }
    protected override _resolve(type: Type): ((value: unknown) => unknown) | undefined {
      return Type.isType(type, 'long', 'abstract:long', 'logical:timestamp-micros')
        ? (value) => value
        : undefined;
    }
  });

/**
 * The avsc type of a schema with every `long` as a bigint and timestamps as bigint
 * `timestamp-micros`; the encoder and every reader (tests, tools) use it so values round-trip
 * exactly.
 */
export function avroTypeFor(schema: AvroSchema): Type {
  const underlying = { typeHook: (s: unknown) => (isLong(s) ? bigintLong() : undefined) };
  const typeHook = (s: unknown, opts: object): Type | undefined => {
    if (!isLong(s)) return undefined;
    if ((s as { logicalType?: unknown }).logicalType !== 'timestamp-micros') return bigintLong();
    return new (timestampMicros())(s as Schema, { ...opts, ...underlying });
  };
  // avsc's Schema typing has no readonly arrays; the JSON is the same.
  return Type.forSchema(schema as unknown as Schema, { typeHook });
}
