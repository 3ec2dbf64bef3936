import type { S3Client } from '@aws-sdk/client-s3';
import { syncCuratedCache, type SyncReport } from './curated-cache';
import { runQuery, type QueryResult } from './run-query';

export interface QueryCuratedOptions {
  /** The curated bucket of the deployment. */
  readonly bucket: string;
  /** The cache root of the deployment (see curatedCacheRoot). */
  readonly root: string;
  readonly sql: string;
  /** Download every curated object again instead of only new and changed ones. */
  readonly refresh?: boolean;
  readonly onDownloaded?: (key: string) => void;
}

/**
 * `pipeline query` without the terminal: bring the local mirror of the curated data up to date
 * (S3 of an emulator or of a real account alike), then run the SQL over it in DuckDB.
 */
export async function queryCurated(
  s3: S3Client,
  options: QueryCuratedOptions,
): Promise<{ sync: SyncReport; result: QueryResult }> {
  const sync = await syncCuratedCache(s3, {
    bucket: options.bucket,
    root: options.root,
    refresh: options.refresh,
    onDownloaded: options.onDownloaded,
  });
  return { sync, result: await runQuery(options.root, options.sql) };
}
