/**
 * Reads what the pipeline curated, the way an analyst would: every Parquet object under the
 * curated prefix of a bucket is downloaded (key layout kept, so `ingestion_date=` folders are
 * hive partitions) and queried with DuckDB. Tests compare runs row for row with it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance, type Json } from '@duckdb/node-api';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PREFIXES } from '../../handlers/lib/names';
import { downloadToFile, listKeys } from '../../handlers/transform/io/s3-files';
import { exactPathOfKey } from '../../scripts/lib/key-path';

export type Row = Record<string, Json>;

/** Curated rows of a bucket, in a deterministic order (`ORDER BY ALL`), as JSON values. */
export interface CuratedQuery {
  /** Columns left out (those that legitimately differ between runs). */
  readonly exclude?: readonly string[];
  /** SQL over the view `curated` instead of `SELECT * FROM curated ORDER BY ALL`. */
  readonly sql?: string;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Downloads the curated objects of `bucket` into a temp folder (removed afterwards), exposes
 * them as the DuckDB view `curated` (hive-partitioned by ingestion_date) and runs the query.
 * No curated object at all gives no rows (DuckDB would refuse an empty glob).
 */
export async function curatedRows(
  s3: S3Client,
  bucket: string,
  query: CuratedQuery = {},
): Promise<Row[]> {
  const keys = (await listKeys(s3, bucket, PREFIXES.curated)).filter((k) => k.endsWith('.parquet'));
  if (keys.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'curated-rows-'));
  try {
    for (const key of keys) {
      const path = exactPathOfKey(dir, key);
      await mkdir(dirname(path), { recursive: true });
      await downloadToFile(s3, { bucket, key }, path);
    }
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      const glob = join(dir, PREFIXES.curated, '**', '*.parquet');
      await conn.run(
        `CREATE VIEW curated AS SELECT * FROM read_parquet(${quote(glob)}, hive_partitioning = true, union_by_name = true)`,
      );
      const exclude = query.exclude?.length
        ? ` EXCLUDE (${query.exclude.map((c) => `"${c}"`).join(', ')})`
        : '';
      const sql = query.sql ?? `SELECT *${exclude} FROM curated ORDER BY ALL`;
      return (await conn.runAndReadAll(sql)).getRowObjectsJson();
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rows and distinct event ids per ingestion date: the reconciliation's curated side. */
export async function curatedCountsByDate(
  s3: S3Client,
  bucket: string,
): Promise<Map<string, { rows: number; ids: number }>> {
  const rows = await curatedRows(s3, bucket, {
    sql: `SELECT CAST(ingestion_date AS VARCHAR) AS d, count(*) AS n, count(DISTINCT event_id) AS ids FROM curated GROUP BY ALL`,
  });
  return new Map(rows.map((r) => [r.d as string, { rows: Number(r.n), ids: Number(r.ids) }]));
}
