import { columnName, LINEAGE_COLUMNS, type SourceContract } from '../../lib/contract/contract';
import { STAGED_TABLE } from '../../lib/contract/staging-sql';
import { sqlIdent, sqlString } from '../../lib/contract/sql-text';
import type { DuckDbSession } from '../../lib/duckdb/session';
import { markDuplicates, perFileSql, sourceFiles } from './dedup';
import { INPUT_FILES_TABLE, READ_REJECTS_TABLE, REFUSED_FILES_TABLE } from './stage-files';

/** Longest raw text kept in a reject record; the line number finds the rest in the raw file. */
export const REJECT_RAW_MAX_CHARS = 10_000;

/**
 * Writes every rejected row as NDJSON (`source_file`, `line`, `reason`, `raw` prefix), in file
 * and line order, so a person can read why each row was not curated, and one file-level
 * record per refused file (`line` null, `lines` its line count when known). Returns the
 * record count.
 */
export async function writeRejects(db: DuckDbSession, path: string): Promise<number> {
  const [res] = await db.rows(`COPY (
  SELECT source_file, line, reason, raw, raw_chars, lines FROM (
    SELECT s.file_idx, f.source_file, s.line_no AS line, s.reason, left(s.raw, ${REJECT_RAW_MAX_CHARS}) AS raw, length(s.raw) AS raw_chars, CAST(NULL AS BIGINT) AS lines
    FROM ${STAGED_TABLE} s JOIN ${INPUT_FILES_TABLE} f USING (file_idx) WHERE s.reason IS NOT NULL
    UNION ALL
    SELECT r.file_idx, f.source_file, r.line, r.reason, NULL, NULL, NULL
    FROM ${READ_REJECTS_TABLE} r JOIN ${INPUT_FILES_TABLE} f USING (file_idx)
    UNION ALL
    SELECT r.file_idx, f.source_file, NULL, r.reason, NULL, NULL, r.lines
    FROM ${REFUSED_FILES_TABLE} r JOIN ${INPUT_FILES_TABLE} f USING (file_idx)
  ) ORDER BY file_idx, line NULLS FIRST
) TO ${sqlString(path)} (FORMAT json)`);
  return Number(res?.Count ?? 0);
}

/** Lineage values stamped on every curated row of a run. */
export interface Lineage {
  readonly manifestId: string;
  /** ISO-8601; fixed per manifest so a rerun writes the same rows. */
  readonly ingestedAt: string;
}

/**
 * Writes the curated Parquet of the run: accepted rows, one per dedup key (earliest event time,
 * then first seen by file and line), contract columns then `_doc` and lineage, in file and line
 * order, zstd, fixed row-group size. One copy of the staged rows in their own order: the losers
 * are marked in place beforehand ({@link markDuplicates}), the file's key is a lookup, so there
 * is no join and no sort. The same staged rows always give the same bytes.
 */
export async function writeCurated(
  db: DuckDbSession,
  contract: SourceContract,
  lineage: Lineage,
  path: string,
  rowGroupRows: number,
): Promise<number> {
  const cols = contract.fields.map((f) => sqlIdent(columnName(f)));
  await markDuplicates(db, contract, 'file');
  const [res] = await db.rows(`COPY (
  SELECT ${cols.join(', ')},
    raw AS ${LINEAGE_COLUMNS.doc},
    ${perFileSql(await sourceFiles(db))} AS ${LINEAGE_COLUMNS.sourceFile},
    ${sqlString(lineage.manifestId)} AS ${LINEAGE_COLUMNS.manifestId},
    CAST(${sqlString(lineage.ingestedAt)} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS ${LINEAGE_COLUMNS.ingestedAt}
  FROM ${STAGED_TABLE}
  WHERE reason IS NULL AND dup IS NOT TRUE
) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroupRows})`);
  return Number(res?.Count ?? 0);
}
