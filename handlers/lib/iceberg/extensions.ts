import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sqlString } from '../contract/sql-text';
import { IcebergError } from './iceberg-errors';

/**
 * The DuckDB extensions the curated tables need, in load order: httpfs (S3), avro (Iceberg
 * manifests), aws (credential chain, SigV4 for Glue) and iceberg. They are never downloaded at
 * run time: the bootstrap installs the host's from PyPI (`duckdb-extension-<name>`, pinned to
 * the DuckDB version) and the Lambda bundle carries the arm64 ones.
 */
export const DUCKDB_EXTENSIONS = ['httpfs', 'avro', 'aws', 'iceberg'] as const;

/** File name of one extension inside an extension directory. */
export const extensionFile = (name: (typeof DUCKDB_EXTENSIONS)[number]): string =>
  `${name}.duckdb_extension`;

/**
 * The LOAD statements of every extension from `dir`; fails naming the directory and the missing
 * file, so a bundle or bootstrap without them says what to do instead of a DuckDB IO error.
 */
export function loadExtensionsSql(dir: string): string[] {
  return DUCKDB_EXTENSIONS.map((name) => {
    const path = join(dir, extensionFile(name));
    if (!existsSync(path)) {
      throw new IcebergError(
        `DuckDB extension ${name} is missing at ${path}; run: npm run bootstrap (or set DUCKDB_EXTENSION_DIR)`,
        { context: { dir, name } },
      );
    }
    return `LOAD ${sqlString(path)}`;
  });
}
