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

/** Type of a curated column: a contract type, or `date` (the partition column). */
export type CuratedColumnType = ColumnType | 'date';

/**
 * Glue (Hive) type of each curated column type: the columns of the Glue Iceberg tables, which
 * Glue turns into the tables' first Iceberg schema (bigint as long, array<string> as
 * list<string>), so Athena and DuckDB read the same types the transform writes.
 */
export const GLUE_TYPES: Readonly<Record<CuratedColumnType, string>> = {
  string: 'string',
  integer: 'bigint',
  double: 'double',
  boolean: 'boolean',
  timestamp: 'timestamp',
  date: 'date',
  string_list: 'array<string>',
};
