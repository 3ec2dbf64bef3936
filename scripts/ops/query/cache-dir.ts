import { join } from 'node:path';
import { exactPathOfKey, KeyPathError } from '../../lib/key-path';
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
 * that is not a plain relative path (`..` or `.` segments, a leading or doubled `/`, `\` or
 * control characters) is refused, not followed or rewritten: the cache reads its files back as
 * keys, and `curated/../sync-index.json` must not overwrite its index.
 */
export function cachePathOf(root: string, key: string): string {
  try {
    return exactPathOfKey(root, key);
  } catch (err) {
    if (!(err instanceof KeyPathError)) throw err;
    throw new QueryError(`object key ${JSON.stringify(key)} does not map inside the cache`, {
      cause: err,
      context: { key, root },
    });
  }
}
