import { sqlString } from '../../../handlers/lib/contract/sql-text';
import { text, type DuckDbSession } from '../../../handlers/lib/duckdb/session';

/** What the sampled values of one field look like, counted by DuckDB. */
export interface LeafStats {
  readonly path: readonly string[];
  readonly rows: number;
  readonly nulls: number;
  readonly strings: number;
  readonly isoStrings: number;
  readonly integers: number;
  readonly epochMs: number;
  readonly epochS: number;
  readonly doubles: number;
  readonly booleans: number;
  readonly arrays: number;
  readonly distinct: number;
}

/** The contract's `iso8601_offset` spelling (see TIMESTAMP_FORMATS), as a DuckDB regex. */
const ISO = String.raw`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$`;

/** Counts over `(t, s)`: a value's JSON type (or NULL) and its text. */
const STATS_COLUMNS = `count(*) AS rows,
  count(*) FILTER (WHERE t IS NULL OR t = 'NULL') AS nulls,
  count(*) FILTER (WHERE t = 'VARCHAR') AS strings,
  count(*) FILTER (WHERE t = 'VARCHAR' AND regexp_full_match(s, ${sqlString(ISO)})) AS iso,
  count(*) FILTER (WHERE t IN ('BIGINT', 'UBIGINT')) AS integers,
  count(*) FILTER (WHERE t IN ('BIGINT', 'UBIGINT') AND TRY_CAST(s AS HUGEINT) BETWEEN 100000000000 AND 9999999999999) AS epoch_ms,
  count(*) FILTER (WHERE t IN ('BIGINT', 'UBIGINT') AND TRY_CAST(s AS HUGEINT) BETWEEN 100000000 AND 9999999999) AS epoch_s,
  count(*) FILTER (WHERE t = 'DOUBLE') AS doubles,
  count(*) FILTER (WHERE t = 'BOOLEAN') AS booleans,
  count(*) FILTER (WHERE t = 'ARRAY') AS arrays,
  count(DISTINCT s) AS distinct_values`;

const toStats = (path: readonly string[], r: Record<string, unknown> | undefined): LeafStats => {
  const n = (k: string): number => Number(r?.[k] ?? 0);
  return {
    path,
    rows: n('rows'),
    nulls: n('nulls'),
    strings: n('strings'),
    isoStrings: n('iso'),
    integers: n('integers'),
    epochMs: n('epoch_ms'),
    epochS: n('epoch_s'),
    doubles: n('doubles'),
    booleans: n('booleans'),
    arrays: n('arrays'),
    distinct: n('distinct_values'),
  };
};

/**
 * Leaf paths of NDJSON/JSON records in first-seen order, from DuckDB's `json_group_structure`
 * over every record (objects are walked, arrays are leaves).
 */
export async function jsonLeafStats(db: DuckDbSession, records: string): Promise<LeafStats[]> {
  const [row] = await db.rows(`SELECT json_group_structure(json) AS s FROM ${records}`);
  const structure = JSON.parse(text(row?.s) || '{}') as unknown;
  const leaves: string[][] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    } else if (path.length > 0) {
      leaves.push(path);
    }
  };
  walk(structure, []);
  const stats: LeafStats[] = [];
  for (const path of leaves) {
    const jsonPath = sqlString(`$.${path.map((p) => JSON.stringify(p)).join('.')}`);
    const [r] = await db.rows(
      `SELECT ${STATS_COLUMNS} FROM (SELECT json_type(json_extract(json, ${jsonPath})) AS t, json_extract_string(json, ${jsonPath}) AS s FROM ${records})`,
    );
    stats.push(toStats(path, r));
  }
  return stats;
}

/**
 * Columns of a CSV file (DuckDB's sniffer finds the dialect and header; cells read as text) with
 * the same counts as JSON values: an empty cell is null, a cell typed by what it spells.
 */
export async function csvLeafStats(db: DuckDbSession, path: string): Promise<LeafStats[]> {
  const table = `read_csv(${sqlString(path)}, header = true, all_varchar = true)`;
  const columns = (await db.rows(`DESCRIBE SELECT * FROM ${table}`)).map((c) =>
    text(c.column_name),
  );
  const stats: LeafStats[] = [];
  for (const column of columns) {
    const v = `"${column.replace(/"/g, '""')}"`;
    const typed = `CASE
      WHEN ${v} IS NULL OR ${v} = '' THEN NULL
      WHEN regexp_full_match(${v}, '-?[0-9]+') THEN 'BIGINT'
      WHEN TRY_CAST(${v} AS DOUBLE) IS NOT NULL THEN 'DOUBLE'
      WHEN lower(${v}) IN ('true', 'false') THEN 'BOOLEAN'
      WHEN json_valid(${v}) AND json_type(${v}) = 'ARRAY' THEN 'ARRAY'
      ELSE 'VARCHAR' END`;
    const [r] = await db.rows(
      `SELECT ${STATS_COLUMNS} FROM (SELECT ${typed} AS t, ${v} AS s FROM ${table})`,
    );
    stats.push(toStats(column.split('.'), r));
  }
  return stats;
}
