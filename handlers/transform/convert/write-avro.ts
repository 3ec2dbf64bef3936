import { DuckDBListValue, DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import { streams } from 'avsc';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  avroSchemaFor,
  avroTypeFor,
  curatedColumns,
  type AvroColumn,
} from '../../lib/contract/avro-schema';
import type { SourceContract } from '../../lib/contract/contract';
import { sqlIdent, sqlString } from '../../lib/contract/sql-text';
import { PipelineError } from '../../lib/errors/pipeline-error';
import type { DuckDbSession } from '../../lib/duckdb/session';

/** A curated value DuckDB returned does not have the type the contract declares (a bug). */
export class AvroEncodingError extends PipelineError {}

/** Avro codec of the curated Avro files; deflate is the one every Avro reader supports. */
export const AVRO_CODEC = 'deflate';

type AvroValue = string | number | bigint | boolean | null | (string | null)[];

/** One DuckDB value as the Avro schema's value of its column (longs stay bigint). */
function avroValue(col: AvroColumn, value: DuckDBValue): AvroValue {
  if (value === null) return null;
  switch (col.type) {
    case 'string':
    case 'double':
    case 'boolean':
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        return value;
      break;
    case 'integer':
      if (typeof value === 'bigint') return value;
      break;
    case 'timestamp':
      if (value instanceof DuckDBTimestampValue) return value.micros;
      break;
    case 'string_list':
      if (value instanceof DuckDBListValue)
        return value.items.map((v) => (v === null ? null : String(v)));
      break;
  }
  throw new AvroEncodingError(`column ${col.name}: a ${typeof value} is not a ${col.type}`, {
    context: { column: col.name, type: col.type },
  });
}

/**
 * A sync marker derived from the run id instead of avsc's random one, so a rerun of the same
 * manifest writes byte-for-byte the same file (the marker is repeated after every block).
 */
export const syncMarkerFor = (runId: string): Buffer =>
  createHash('sha256').update(`avro-sync:${runId}`).digest().subarray(0, 16);

/**
 * Writes the run's curated rows as an Avro object container file at `path`, read back from the
 * curated Parquet the run just wrote (so Avro holds exactly the Parquet rows, in the same order
 * and columns), one DuckDB chunk at a time through avsc's streaming block encoder straight to
 * disk: memory stays bounded by a chunk and a block, whatever the row count. Returns the rows.
 */
export async function writeCuratedAvro(
  db: DuckDbSession,
  contract: SourceContract,
  parquetPath: string,
  path: string,
  runId: string,
): Promise<number> {
  const columns = curatedColumns(contract);
  const select = columns.map((c) => sqlIdent(c.name)).join(', ');
  const sql = `SELECT ${select} FROM read_parquet(${sqlString(parquetPath)})`;
  let rows = 0;
  async function* records(): AsyncGenerator<Record<string, AvroValue>> {
    for await (const chunk of db.chunks(sql)) {
      for (const row of chunk) {
        const record: Record<string, AvroValue> = {};
        columns.forEach((c, i) => {
          record[c.name] = avroValue(c, row[i] ?? null);
        });
        rows += 1;
        yield record;
      }
    }
  }
  const encoder = new streams.BlockEncoder(avroTypeFor(avroSchemaFor(contract)), {
    codec: AVRO_CODEC,
    syncMarker: syncMarkerFor(runId),
    // A header even with no rows, so an empty run still writes a valid (empty) file.
    writeHeader: 'always',
  });
  await pipeline(Readable.from(records()), encoder, createWriteStream(path));
  return rows;
}
