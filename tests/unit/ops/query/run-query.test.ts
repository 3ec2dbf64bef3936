import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectKeys } from '../../../../handlers/lib/object-keys';
import { cachePathOf, curatedCacheRoot } from '../../../../scripts/ops/query/cache-dir';
import {
  NoCuratedDataError,
  QueryError,
  SqlError,
} from '../../../../scripts/ops/query/query-errors';
import { runQuery } from '../../../../scripts/ops/query/run-query';

let root: string;

/** Writes a Parquet part at the object key the transform uses, inside the cache root. */
async function writePart(date: string, id: string, selectSql: string): Promise<void> {
  const path = cachePathOf(root, objectKeys.curatedPart(date, id));
  mkdirSync(join(path, '..'), { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(`COPY (${selectSql}) TO '${path}' (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

beforeEach(() => {
  root = curatedCacheRoot(mkdtempSync(join(tmpdir(), 'query-unit-')), 'dev');
});
afterEach(() => rmSync(join(root, '..', '..'), { recursive: true, force: true }));

describe('runQuery', () => {
  it('reads every cached part through the events view, ingestion_date from the folder', async () => {
    await writePart(
      '2026-11-20',
      'm-a',
      "SELECT 'e' || i AS event_id, 'login' AS event_type FROM range(3) t(i)",
    );
    await writePart(
      '2026-11-20',
      'm-b',
      "SELECT 'f' || i AS event_id, 'view_item' AS event_type FROM range(2) t(i)",
    );
    // A later contract version added a column: parts are unioned by name.
    await writePart(
      '2026-11-21',
      'm-c',
      "SELECT 'g' || i AS event_id, 'purchase' AS event_type, 9.5 AS price FROM range(4) t(i)",
    );
    const result = await runQuery(
      root,
      'SELECT ingestion_date, count(*) AS n, count(price) AS priced FROM events GROUP BY 1 ORDER BY 1',
    );
    expect(result.columns).toEqual([
      { name: 'ingestion_date', type: 'DATE' },
      { name: 'n', type: 'BIGINT' },
      { name: 'priced', type: 'BIGINT' },
    ]);
    expect(result.rows).toEqual([
      ['2026-11-20', 5, 0],
      ['2026-11-21', 4, 4],
    ]);
  });

  it('turns a SQL error into one line with DuckDB message', async () => {
    await writePart('2026-11-20', 'm-a', "SELECT 'e' AS event_id");
    const err = await runQuery(root, 'SELEC count(*) FROM events').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SqlError);
    expect((err as Error).message).toMatch(/^Parser Error: syntax error at or near "SELEC"$/);
    const missing = await runQuery(root, 'SELECT no_such_column FROM events').catch(
      (e: unknown) => e,
    );
    expect((missing as Error).message).toMatch(/^Binder Error: .*no_such_column/);
    expect((missing as Error).message).not.toContain('\n');
  });

  it('says there is no curated data yet instead of DuckDB "no files found"', async () => {
    await expect(runQuery(root, 'SELECT 1')).rejects.toThrow(NoCuratedDataError);
  });
});

describe('cachePathOf', () => {
  it('maps a key inside the root and refuses keys that would escape it', () => {
    expect(cachePathOf('/c/dev', 'curated/events/ingestion_date=2026-11-20/p.parquet')).toBe(
      '/c/dev/curated/events/ingestion_date=2026-11-20/p.parquet',
    );
    expect(() => cachePathOf('/c/dev', 'curated/../../etc/passwd')).toThrow(QueryError);
    expect(() => cachePathOf('/c/dev', '/')).toThrow(QueryError);
  });
});
