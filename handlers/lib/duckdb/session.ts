import {
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBResultReader,
  type DuckDBValue,
  type Json,
} from '@duckdb/node-api';
import { join } from 'node:path';

/** Resource bounds of one DuckDB session. */
export interface DuckDbLimits {
  /** DuckDB's own memory limit; beyond it operators spill to `tempDir`. */
  readonly memoryLimitMb: number;
  readonly threads: number;
}

/** One DuckDB database for one run, file-backed in the run's temp directory. */
export interface DuckDbSession {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, Json>[]>;
  /** A query's whole result with its column names and types (what `pipeline query` prints). */
  read(sql: string): Promise<DuckDBResultReader>;
  /** A query's rows one DuckDB chunk (~2,048 rows) at a time: a large result is never whole in memory. */
  chunks(sql: string): AsyncIterable<DuckDBValue[][]>;
  close(): void;
}

/**
 * Opens a file-backed DuckDB database in `tempDir` with a memory limit and a spill directory,
 * so a multi-GB manifest runs in bounded memory, in UTC so timestamps never pick up the host's
 * zone. The database lives and dies with the run's temp directory.
 */
export async function openDuckDb(tempDir: string, limits: DuckDbLimits): Promise<DuckDbSession> {
  return open(join(tempDir, 'transform.duckdb'), {
    memory_limit: `${limits.memoryLimitMb}MB`,
    threads: String(limits.threads),
    temp_directory: join(tempDir, 'spill'),
  });
}

/**
 * An in-memory DuckDB session for readers (CLI queries, report, tests): the same settings as
 * the transform's (UTC, no network extension installs), no database file.
 */
export async function openMemoryDuckDb(): Promise<DuckDbSession> {
  return open(':memory:', {});
}

async function open(path: string, options: Record<string, string>): Promise<DuckDbSession> {
  const instance = await DuckDBInstance.create(path, {
    ...options,
    preserve_insertion_order: 'true',
    enable_external_access: 'true',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  let connection: DuckDBConnection | undefined;
  try {
    connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
  } catch (err) {
    instance.closeSync();
    throw err;
  }
  const conn = connection;
  return {
    async run(sql) {
      await conn.run(sql);
    },
    async rows(sql) {
      const reader = await conn.runAndReadAll(sql);
      return reader.getRowObjectsJson();
    },
    async read(sql) {
      return conn.runAndReadAll(sql);
    },
    async *chunks(sql) {
      const result = await conn.stream(sql);
      yield* result.yieldRows();
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** A result value as text: strings as they are, anything else as JSON. */
export function text(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
