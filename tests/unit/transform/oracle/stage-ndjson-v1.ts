import type { SourceContract } from '../../../../handlers/lib/contract/contract';
import { sqlString } from '../../../../handlers/lib/contract/sql-text';
import type { DuckDbSession } from '../../../../handlers/lib/duckdb/session';
import {
  ndjsonInsertSql,
  stagedTableDdl,
  STAGED_TABLE,
  type LineReaderLimits,
  type StagedFileRef,
} from './staging-sql-v1';

/** The oracle's table of reader rejects (the previous staging's, under its own name). */
export const ORACLE_READ_REJECTS = 'oracle_read_rejects';

const CELL_COUNTS_SQL = String.raw`regexp_replace(error_message, '^Expected Number of Columns: (\d+) Found: (\d+).*$', 'expected \1, found \2', 's')`;

const READER_REASON_SQL = `CASE CAST(error_type AS VARCHAR)
  WHEN 'INVALID ENCODING' THEN 'not valid UTF-8'
  WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line longer than the maximum line size'
  WHEN 'MISSING COLUMNS' THEN 'too few cells: ' || ${CELL_COUNTS_SQL}
  WHEN 'TOO MANY COLUMNS' THEN 'too many cells: ' || ${CELL_COUNTS_SQL}
  ELSE lower(CAST(error_type AS VARCHAR)) || ': ' || split_part(error_message, chr(10), 1) END`;

/**
 * Stages one NDJSON file the way the transform did before the one-pass staging: numbered lines
 * on one thread, the record parsed once per question, reader rejects, and line numbers shifted
 * back after them. The test oracle of tests/unit/transform/staging-oracle.test.ts.
 */
export async function stageNdjsonV1(
  db: DuckDbSession,
  contract: SourceContract,
  file: StagedFileRef,
  limits: LineReaderLimits,
): Promise<void> {
  await db.run(stagedTableDdl(contract));
  await db.run(
    `CREATE OR REPLACE TABLE ${ORACLE_READ_REJECTS} (file_idx INTEGER, line BIGINT, rank BIGINT, reason VARCHAR)`,
  );
  await db.run(ndjsonInsertSql(contract, 0, file, limits));
  const [inserted] = await db.rows(
    `INSERT INTO ${ORACLE_READ_REJECTS}
SELECT 0, line, row_number() OVER (ORDER BY line), ${READER_REASON_SQL} FROM (
  SELECT e.line, e.error_type, e.error_message FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)
  WHERE s.file_path = ${sqlString(file.path)}
  QUALIFY row_number() OVER (PARTITION BY e.line ORDER BY e.column_idx) = 1
)`,
  );
  if (Number(inserted?.Count ?? 0) === 0) return;
  await db.run(
    `UPDATE ${STAGED_TABLE} SET line_no = ord + (SELECT count(*) FROM ${ORACLE_READ_REJECTS} r WHERE r.line - r.rank < ${STAGED_TABLE}.ord)`,
  );
}
