import { join, relative, resolve, sep } from 'node:path';
import { PREFIXES, type EnvName } from '../../../handlers/lib/names';
import { QueryError } from './query-errors';

/**
 * The local mirror of one environment's curated bucket: `<stateDir>/cache/<env>/`, under which
 * each object lives at its own key (`curated/events/ingestion_date=D/part-….parquet`), so DuckDB's
 * hive partitioning reads `ingestion_date` from the path exactly as Athena does on S3.
 */
export function curatedCacheRoot(stateDir: string, env: EnvName): string {
  return join(stateDir, 'cache', env);
}

/** The folder DuckDB globs: the curated events prefix inside the cache root. */
export function curatedEventsDir(root: string): string {
  return join(root, ...PREFIXES.curated.split('/').filter(Boolean));
}

/**
 * Local path of an object key inside the cache root. Keys come from a bucket listing, so a key
 * that would land outside the root (`..` segments, absolute paths) is refused, not followed.
 */
export function cachePathOf(root: string, key: string): string {
  const path = resolve(root, ...key.split('/').filter(Boolean));
  const rel = relative(resolve(root), path);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) {
    throw new QueryError(`object key ${JSON.stringify(key)} does not map inside the cache`, {
      context: { key, root },
    });
  }
  return path;
}
