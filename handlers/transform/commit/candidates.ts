import {
  columnName,
  LINEAGE_COLUMNS,
  type ContractField,
  type SourceContract,
} from '../../lib/contract/contract';
import { STAGED_TABLE } from '../../lib/contract/staging-sql';
import { sqlIdent, sqlString } from '../../lib/contract/sql-text';
import type { DuckDbSession } from '../../lib/duckdb/session';
import {
  PARTITION_COLUMN,
  SOURCE_LINE_COLUMN,
  curatedColumns,
} from '../../lib/iceberg/curated-schema';
import { markDuplicates, perFileSql, sourceFiles } from '../convert/dedup';
import { evolvedFieldSql } from './evolved-fields';

/**
 * The run's accepted rows, one per dedup key, shaped as the curated table's rows: a view over
 * the staged rows, so no copy of them (raw text included) is made before the insert reads them.
 * Besides the curated columns it has `file_idx` and `ord`, which mark a row in its staged file.
 */
export const CANDIDATES_TABLE = 'candidates';

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
 * file and line order, plus the `evolved` fields read from each raw record (see
 * {@link evolvedFields}). Returns the number of candidates and of the run's own duplicates.
 */
export async function buildCandidates(
  db: DuckDbSession,
  contract: SourceContract,
  lineage: CandidateLineage,
  evolved: readonly ContractField[] = [],
): Promise<{ candidates: number; runDuplicates: number }> {
  const runDuplicates = await markDuplicates(db, contract, 'sourceFile');
  const cols = [
    ...contract.fields.map((f) => sqlIdent(columnName(f))),
    ...evolved.map(evolvedFieldSql),
  ];
  // Read in the staged rows' own order (file, line): no copy, no join, no sort.
  await db.run(`CREATE OR REPLACE TEMP VIEW ${CANDIDATES_TABLE} AS
SELECT file_idx, ord, ${cols.join(', ')},
  raw AS ${LINEAGE_COLUMNS.doc},
  ${perFileSql(await sourceFiles(db))} AS ${LINEAGE_COLUMNS.sourceFile},
  ${perFileSql(lineage.manifestOfFile)} AS ${LINEAGE_COLUMNS.manifestId},
  CAST(${sqlString(lineage.ingestedAt)} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS ${LINEAGE_COLUMNS.ingestedAt},
  line_no AS ${SOURCE_LINE_COLUMN},
  DATE ${sqlString(lineage.ingestionDate)} AS ${PARTITION_COLUMN}
FROM ${STAGED_TABLE}
WHERE reason IS NULL AND dup IS NOT TRUE`);
  const [n] = await db.rows(`SELECT count(*) AS n FROM ${CANDIDATES_TABLE}`);
  return { candidates: Number(n?.n ?? 0), runDuplicates };
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
