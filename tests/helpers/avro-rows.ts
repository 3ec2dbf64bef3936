import {
  DuckDBInstance,
  DuckDBListValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { streams } from 'avsc';
import { Readable } from 'node:stream';
import {
  avroTypeFor,
  curatedColumns,
  type AvroSchema,
} from '../../handlers/lib/contract/avro-schema';
import type { SourceContract } from '../../handlers/lib/contract/contract';

/** A curated value as both formats can express it: longs and timestamps (micros) as bigint. */
export type PlainValue = string | number | bigint | boolean | null | PlainValue[];
export type PlainRow = Record<string, PlainValue>;

/** What an Avro object container file holds: its header and its records. */
export interface DecodedAvro {
  readonly codec: string;
  readonly schema: AvroSchema;
  readonly rows: PlainRow[];
}

/**
 * Decodes an Avro object container file with avsc (longs as bigint), as a consumer would read
 * it: the schema comes from the file's own header.
 */
export async function decodeAvro(bytes: Buffer): Promise<DecodedAvro> {
  let codec = '';
  let schema: AvroSchema | undefined;
  const rows: PlainRow[] = [];
  const decoder = new streams.BlockDecoder({
    parseHook: (s) => {
      schema = s as unknown as AvroSchema;
      return avroTypeFor(schema);
    },
  });
  decoder.on('metadata', (_type: unknown, c: string) => {
    codec = c;
  });
  const done = new Promise<void>((resolve, reject) => {
    decoder.on('data', (r: PlainRow) => rows.push({ ...r }));
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  Readable.from([bytes]).pipe(decoder);
  await done;
  if (!schema) throw new Error('no Avro header');
  return { codec, schema, rows };
}

function plain(value: DuckDBValue): PlainValue {
  if (value instanceof DuckDBTimestampValue) return value.micros;
  if (value instanceof DuckDBListValue) return value.items.map(plain);
  if (value === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof value))
    return value as PlainValue;
  throw new Error(`unexpected DuckDB value ${String(value)}`);
}

/** The rows of a curated Parquet file read with DuckDB, in file order, as plain values. */
export async function readParquetRows(path: string, contract: SourceContract): Promise<PlainRow[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const cols = curatedColumns(contract).map((c) => c.name);
    const select = cols.map((c) => `"${c}"`).join(', ');
    const reader = await conn.runAndReadAll(`SELECT ${select} FROM read_parquet('${path}')`);
    return reader
      .getRows()
      .map((r) => Object.fromEntries(cols.map((c, i) => [c, plain(r[i] ?? null)])));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
