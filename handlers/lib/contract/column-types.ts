import type { ColumnType } from './contract';

/** DuckDB type of each contract type: what the curated Parquet stores. */
export const DUCKDB_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  string_list: 'VARCHAR[]',
};

/** Glue (Hive) type of each contract type, so the catalog table reads the Parquet as written. */
export const GLUE_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'string',
  integer: 'bigint',
  double: 'double',
  boolean: 'boolean',
  timestamp: 'timestamp',
  string_list: 'array<string>',
};
