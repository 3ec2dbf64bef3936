import { columnName, LINEAGE_COLUMNS, type SourceContract } from '../../lib/contract/contract';
import { STAGED_TABLE } from '../../lib/contract/staging-sql';
import { sqlIdent, sqlString } from '../../lib/contract/sql-text';
import type { DuckDbSession } from '../../lib/duckdb/session';
import {
  PARTITION_COLUMN,
  SOURCE_LINE_COLUMN,
  curatedColumns,
} from '../../lib/iceberg/curated-schema';
import { INPUT_FILES_TABLE } from '../convert/stage-files';

/** The run's accepted rows, one per dedup key, shaped as the curated table's rows. */
export const CANDIDATES_TABLE = 'candidates';
/** Which run's lineage each staged file carries (the manifest that brought it). */
export const FILE_RUNS_TABLE = 'file_runs';

/** What every candidate row is stamped with. */
export interface CandidateLineage {
  readonly ingestionDate: string;
  /** ISO-8601; fixed per manifest so a rerun writes the same rows. */
  readonly ingestedAt: string;
  /** The manifest id of each staged file, by file index. */
  readonly manifestOfFile: ReadonlyMap<number, string>;
}

/** The lineage of a job's candidates: its date, its ingestion time, each file's manifest. */
export const candidateLineage = (job: {
  readonly ingestionDate: string;
  readonly ingestedAt: string;
  readonly files: readonly { readonly manifestId: string }[];
}): CandidateLineage => ({
  ingestionDate: job.ingestionDate,
  ingestedAt: job.ingestedAt,
  manifestOfFile: new Map(job.files.map((f, i) => [i, f.manifestId])),
});

/** The curated table's column list, in table order, for INSERT and SELECT alike. */
export const curatedColumnList = (contract: SourceContract): string =>
  curatedColumns(contract)
    .map((c) => sqlIdent(c.name))
    .join(', ');

/**
 * Builds the candidates: accepted staged rows, deduplicated inside the run by the order every
 * commit uses (earliest event time, then raw key, then line: see {@link winsOverSql}), with `_doc`, lineage and the partition column, in
 * file and line order. Returns the number of candidates and of the run's own duplicates.
 */
export async function buildCandidates(
  db: DuckDbSession,
  contract: SourceContract,
  lineage: CandidateLineage,
): Promise<{ candidates: number; runDuplicates: number }> {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${FILE_RUNS_TABLE} (file_idx INTEGER, manifest_id VARCHAR)`,
  );
  const pairs = [...lineage.manifestOfFile].map(([idx, id]) => `(${idx}, ${sqlString(id)})`);
  if (pairs.length > 0) await db.run(`INSERT INTO ${FILE_RUNS_TABLE} VALUES ${pairs.join(', ')}`);
  const key = `s.${sqlIdent(contract.dedupKey)}`;
  const time = `s.${sqlIdent(contract.eventTime)}`;
  // Losers from narrow columns only: a window over whole rows (raw text included) would hold
  // far more memory than the run is given.
  await db.run(`CREATE OR REPLACE TEMP TABLE dedup_losers AS
SELECT rid FROM (
  SELECT s.rowid AS rid, row_number() OVER (PARTITION BY ${key} ORDER BY ${time}, f.source_file, s.line_no) AS rn
  FROM ${STAGED_TABLE} s JOIN ${INPUT_FILES_TABLE} f USING (file_idx) WHERE s.reason IS NULL
) WHERE rn > 1`);
  const cols = contract.fields.map((f) => `s.${sqlIdent(columnName(f))}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${CANDIDATES_TABLE} AS
SELECT ${cols.join(', ')},
  s.raw AS ${LINEAGE_COLUMNS.doc},
  f.source_file AS ${LINEAGE_COLUMNS.sourceFile},
  r.manifest_id AS ${LINEAGE_COLUMNS.manifestId},
  CAST(${sqlString(lineage.ingestedAt)} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS ${LINEAGE_COLUMNS.ingestedAt},
  s.line_no AS ${SOURCE_LINE_COLUMN},
  DATE ${sqlString(lineage.ingestionDate)} AS ${PARTITION_COLUMN}
FROM ${STAGED_TABLE} s JOIN ${INPUT_FILES_TABLE} f USING (file_idx) JOIN ${FILE_RUNS_TABLE} r USING (file_idx)
WHERE s.reason IS NULL AND s.rowid NOT IN (SELECT rid FROM dedup_losers)
ORDER BY s.file_idx, s.line_no`);
  const [n] = await db.rows(`SELECT count(*) AS n FROM ${CANDIDATES_TABLE}`);
  const [l] = await db.rows('SELECT count(*) AS n FROM dedup_losers');
  return { candidates: Number(n?.n ?? 0), runDuplicates: Number(l?.n ?? 0) };
}

/**
 * The order that decides which of two rows with one dedup key a date keeps: the earliest event
 * time, then the smaller raw key, then the smaller line. It is total and depends on the rows
 * only, so the date holds the same rows whichever order its manifests commit in (and a
 * rebuild gives the same rows as the merges did). True when `a` wins over `b`.
 */
export function winsOverSql(contract: SourceContract, a: string, b: string): string {
  const order = (t: string): string =>
    `ROW(${t}.${sqlIdent(contract.eventTime)}, ${t}.${LINEAGE_COLUMNS.sourceFile}, ${t}.${SOURCE_LINE_COLUMN})`;
  return `${order(a)} < ${order(b)}`;
}
