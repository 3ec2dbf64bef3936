import type { SourceContract } from './contract';
import { sqlString, sqlStringList } from './sql-text';
import {
  jsonPath,
  jsonProblemSql,
  lineReader,
  objectKeysSql,
  objectPaths,
  typedRows,
  type LineReaderLimits,
  type StagedFileRef,
} from './staging-sql';

/**
 * The keys of every object holding contract leaves, exactly as the contract lists them (root
 * first, then each parent in contract order): a record whose `json_keys` equal these holds no
 * unknown field, no key differing from a field only in case, and a real object at every nested
 * path, so its drift list is empty and it has no record-level reason.
 */
function contractKeysSql(contract: SourceContract): string {
  const lists = [...objectPaths(contract.fields)].map(([, known]) => sqlStringList([...known]));
  return `[${lists.join(', ')}]`;
}

/**
 * Stages one NDJSON file (plain or gzip, DuckDB decompresses while reading) into its table, in
 * one parallel pass: each line is read as text (so its raw bytes survive) and its position is
 * its row's position in the table (no line numbering on one thread; see `stagedViewSql`).
 * Each line is parsed as few times as the reasons allow: validity, the leaves (and the nested
 * objects' text) in one `json_extract_string`, the keys of the objects in one `json_keys`. The
 * common record pays nothing more: its top-level type comes from its first character, and
 * when its keys are exactly the contract's, drift and record-level reasons are known to be
 * empty without the per-key lambdas. Blank lines are kept, marked `skip`, so positions stay
 * line numbers. Reasons are the same, word for word, as the previous line-by-line staging's
 * (tests/unit/transform/staging-oracle.test.ts proves it on generated bad lines).
 */
export function ndjsonStageSql(
  contract: SourceContract,
  fileIdx: number,
  file: StagedFileRef,
  limits: LineReaderLimits,
): string {
  const leaves = contract.fields.map((f) => jsonPath(f.path));
  const o = objectKeysSql(contract.fields);
  const expected = contractKeysSql(contract);
  return typedRows(
    contract,
    fileIdx,
    `SELECT *,
      CASE WHEN known THEN [] ELSE ${o.unknown} END AS unknown_fields,
      CASE WHEN known THEN NULL ELSE ${o.reasons} END AS extra
    FROM (
      SELECT *, CASE WHEN NOT known THEN ${o.parentTypes} END AS pt
      FROM (
      SELECT *, k IS NOT DISTINCT FROM ${expected} AS known
      FROM (
        SELECT *,
          CASE WHEN root = 'OBJECT' THEN json_extract_string(raw, ${sqlStringList(leaves)}) END AS v,
          ${o.keys} AS k
        FROM (
          SELECT *, CASE WHEN NOT skip AND problem IS NULL THEN CASE WHEN starts_with(raw, '{') THEN 'OBJECT' ELSE json_type(raw) END END AS root
          FROM (
            SELECT ${fileIdx} AS file_idx, CAST(NULL AS BIGINT) AS line_no, line AS raw, skip,
              CASE WHEN NOT skip THEN ${jsonProblemSql('line')} END AS problem
            FROM (
              SELECT line, line IS NULL OR (NOT starts_with(line, '{') AND trim(line) = '') AS skip
              FROM ${lineReader(file, limits)}
            )
          )
        )
      )
      )
    )`,
    // Only a value that looks like an object or array costs a second parse to learn its type.
    (f, text) =>
      `CASE WHEN left(${text}, 1) IN ('{', '[') THEN json_type(raw, ${sqlString(jsonPath(f.path))}) END`,
  );
}
