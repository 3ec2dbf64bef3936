import type { ContractField, SourceContract } from './contract';
import { sqlIdent, sqlString, sqlStringList } from './sql-text';
import {
  blankLineSql,
  jsonPath,
  jsonProblemSql,
  lenientJsonProblemSql,
  lineReader,
  multiFileLineReader,
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

/** The contract's leaves as a tree of their paths: an object per parent, a leaf per field. */
interface LeafTree {
  [key: string]: LeafTree | null;
}

function leafTree(fields: readonly ContractField[]): LeafTree {
  const root: LeafTree = {};
  for (const f of fields) {
    let node = root;
    f.path.slice(0, -1).forEach((p) => {
      const next = node[p] ?? {};
      node[p] = next;
      node = next;
    });
    node[f.path[f.path.length - 1]!] = null;
  }
  return root;
}

/** The `json_transform` structure of the leaves: every leaf as text (as `json_extract_string`). */
function transformStructure(tree: LeafTree): unknown {
  return Object.fromEntries(
    Object.entries(tree).map(([k, v]) => [k, v === null ? 'VARCHAR' : transformStructure(v)]),
  );
}

/**
 * Stages one NDJSON file (plain or gzip, DuckDB decompresses while reading) into its table, in
 * one parallel pass: each line is read as text (so its raw bytes survive) and its position is
 * its row's position in the table (no line numbering on one thread; see `stagedViewSql`).
 * Each line is parsed as few times as the reasons allow: validity and the leaves (and the
 * nested objects' text) in one `json_transform` (`try`: a line that is not JSON yields NULL and
 * only then pays for `json_valid`; a JSON object always transforms, a nested scalar or array
 * where the contract reads an object giving NULL leaves, as `json_extract_string` does), the
 * keys of the objects in one `json_keys`. The common record pays nothing more: its top-level
 * type comes from its first character, and when its keys are exactly the contract's, drift and
 * record-level reasons are known to be empty without the per-key lambdas. Blank lines are kept,
 * marked `skip`, so positions stay line numbers. Reasons are the same, word for word, as the
 * previous line-by-line staging's (tests/unit/transform/staging-oracle.test.ts proves it on
 * generated bad lines).
 */
export function ndjsonStageSql(
  contract: SourceContract,
  fileIdx: number,
  file: StagedFileRef,
  limits: LineReaderLimits,
): string {
  return ndjsonGroupStageSql(contract, fileIdx, [{ idx: fileIdx, file }], limits);
}

/** One file of a group staged by one statement: its index in the manifest and how it is read. */
export interface GroupedFile {
  readonly idx: number;
  readonly file: StagedFileRef;
}

/**
 * {@link ndjsonStageSql} of several files in one statement, into one table (`target`: a file's
 * index for its own table, or a table's name): the typing is planned once for all of them
 * (planning the statement costs about as much as staging 10 MB, so a manifest of small files
 * paid it per file), and the files follow one another, each in line order, so the rows of
 * file `idx` are a range of the table's rows, its lines in order (see `stage-group.ts`).
 */
export function ndjsonGroupStageSql(
  contract: SourceContract,
  target: number | string,
  files: readonly GroupedFile[],
  limits: LineReaderLimits,
): string {
  // One reader for all the files when they share a compression (a UNION ALL of one reader per
  // file ran each small file on one thread: the group's statement took twice as long).
  const oneCompression = files.every((f) => f.file.gzip === files[0]?.file.gzip);
  const lines =
    files.length > 1 && oneCompression
      ? multiFileLineReader(files, limits)
      : files
          .map(
            ({ idx, file }) => `SELECT ${idx} AS file_idx, line FROM ${lineReader(file, limits)}`,
          )
          .join('\n                UNION ALL ');
  const tree = leafTree(contract.fields);
  const structure = sqlString(JSON.stringify(transformStructure(tree)));
  const o = objectKeysSql(contract.fields);
  const expected = contractKeysSql(contract);
  return typedRows(
    contract,
    target,
    `SELECT *,
      CASE WHEN known THEN [] ELSE ${o.unknown} END AS unknown_fields,
      CASE WHEN known THEN NULL ELSE ${o.reasons} END AS extra
    FROM (
      SELECT *, CASE WHEN NOT known THEN ${o.parentTypes} END AS pt
      FROM (
      SELECT *, k IS NOT DISTINCT FROM ${expected} AS known
      FROM (
        SELECT *,
          CASE WHEN root = 'OBJECT' THEN parsed END AS v,
          ${o.keys} AS k
        FROM (
          SELECT *, CASE WHEN NOT skip AND problem IS NULL THEN CASE WHEN starts_with(raw, '{') THEN 'OBJECT' ELSE json_type(raw) END END AS root
          FROM (
            SELECT *,
              CASE WHEN skip THEN NULL WHEN parsed IS NULL THEN ${jsonProblemSql('raw')} ELSE ${lenientJsonProblemSql('raw')} END AS problem
            FROM (
              SELECT file_idx, CAST(NULL AS BIGINT) AS line_no, line AS raw, skip,
                CASE WHEN NOT skip THEN try(json_transform(line, ${structure})) END AS parsed
              FROM (
                SELECT file_idx, line, ${blankLineSql('line')} AS skip
                FROM (${lines})
              )
            )
          )
        )
      )
      )
    )`,
    // Only a value that looks like an object or array costs a second parse to learn its type.
    (f, text) =>
      `CASE WHEN starts_with(${text}, '{') OR starts_with(${text}, '[') THEN json_type(raw, ${sqlString(jsonPath(f.path))}) END`,
    (f) => ['v', ...f.path].map((p, i) => (i === 0 ? p : sqlIdent(p))).join('.'),
  );
}
