/**
 * The staging SQL as it was before the one-pass, multi-core staging (`ndjson-sql.ts`): kept
 * verbatim, and only here, as the oracle the property test compares the new staging with line
 * by line (tests/unit/transform/staging-oracle.test.ts). Not used by any handler.
 */
import { DUCKDB_TYPES } from '../../../../handlers/lib/contract/column-types';
import {
  columnName,
  type ContractField,
  type SourceContract,
} from '../../../../handlers/lib/contract/contract';
import { fieldReasonSql, typedValueSql, type FieldInput } from './field-sql-v1';
import { sqlIdent, sqlString, sqlStringList } from '../../../../handlers/lib/contract/sql-text';

/** Name of the table every input row lands in, accepted (reason NULL) or rejected. */
export const STAGED_TABLE = 'staged';

/** Reading limits of the line reader. */
export interface LineReaderLimits {
  /** Longest line accepted; a longer one becomes a reject, not a failure. */
  readonly maxLineBytes: number;
}

/** How a staged file is read: its local path and whether its bytes are gzip. */
export interface StagedFileRef {
  readonly path: string;
  readonly gzip: boolean;
}

const bufferSize = (limits: LineReaderLimits): number =>
  Math.max(limits.maxLineBytes * 2, 8 * 1024 * 1024);

const source = (f: StagedFileRef): string =>
  `${sqlString(f.path)}, compression = '${f.gzip ? 'gzip' : 'none'}'`;

/**
 * The staging table: where each row came from (file index, line), its raw text, why it was
 * rejected (NULL when accepted), one typed column per contract leaf, and the field paths the
 * contract does not know (schema drift).
 */
export function stagedTableDdl(contract: SourceContract): string {
  const cols = contract.fields.map((f) => `${sqlIdent(columnName(f))} ${DUCKDB_TYPES[f.type]}`);
  return `CREATE OR REPLACE TABLE ${STAGED_TABLE} (file_idx INTEGER, ord BIGINT, line_no BIGINT, raw VARCHAR, reason VARCHAR, ${cols.join(', ')}, unknown_fields VARCHAR[])`;
}

const jsonPath = (path: readonly string[]): string => `$.${path.map((p) => `"${p}"`).join('.')}`;

/** Paths of the objects that hold contract leaves: the root and every parent of a leaf. */
function objectPaths(fields: readonly ContractField[]): Map<string, Set<string>> {
  const children = new Map<string, Set<string>>([['', new Set()]]);
  for (const f of fields) {
    for (let depth = 0; depth < f.path.length; depth += 1) {
      const parent = f.path.slice(0, depth).join('.');
      if (!children.has(parent)) children.set(parent, new Set());
      children.get(parent)!.add(f.path[depth]!);
    }
  }
  return children;
}

/**
 * A JSON type from DuckDB's `json_type` as JSON names it, with its article (`a number`,
 * `an array`): DuckDB's `UBIGINT` or `VARCHAR` mean nothing to a producer.
 */
export const jsonKindSql = (type: string): string =>
  `CASE ${type} WHEN 'VARCHAR' THEN 'a string' WHEN 'BIGINT' THEN 'a number' WHEN 'UBIGINT' THEN 'a number' WHEN 'DOUBLE' THEN 'a number' WHEN 'BOOLEAN' THEN 'a boolean' WHEN 'NULL' THEN 'null' WHEN 'ARRAY' THEN 'an array' WHEN 'OBJECT' THEN 'an object' ELSE lower(${type}) END`;

/** A key as the drift report shows it: bare when it is a plain name, else quoted (`"a.b"`). */
const shownKeySql = (x: string): string =>
  `CASE WHEN regexp_matches(${x}, '^[A-Za-z_][A-Za-z0-9_]*$') THEN ${x} ELSE '"' || replace(${x}, '"', '\\"') || '"' END`;

/** Per-row SQL of the keys of each object that holds contract leaves, and what they say. */
interface ObjectKeysSql {
  /** The keys of every object, one list per object (`k`). */
  readonly keys: string;
  /** Dotted paths of the keys the contract does not know (schema drift), over `k`. */
  readonly unknown: string;
  /** JSON types of the nested objects (`pt`), NULL when absent. */
  readonly parentTypes: string;
  /** Reasons over `k` and `pt`: a key differing from a field only in case, a non-object parent. */
  readonly reasons: string;
}

/**
 * Per-row SQL over the objects that hold contract leaves. Drift keys are dotted paths; a key
 * that itself holds a dot (or anything but letters, digits and `_`) is quoted, so a top-level
 * `"session.session_id"` never reads as the nested field. Field names are case-sensitive, as
 * JSON is: a key that differs from a contract field only in case (`USER_ID`) rejects the row
 * naming both, instead of leaving the field NULL in silence. A nested object the contract
 * reads into (`session`) that is a scalar or an array rejects the row too.
 */
function objectKeysSql(fields: readonly ContractField[]): ObjectKeysSql {
  const objects = [...objectPaths(fields)];
  const paths = objects.map(([p]) => (p === '' ? '$' : jsonPath(p.split('.'))));
  const perObject = objects.map(([parent, known], i) => {
    const prefix = parent === '' ? '' : `${parent}.`;
    return `list_transform(list_filter(coalesce(k[${i + 1}], []), x -> NOT list_contains(${sqlStringList([...known])}, x)), x -> ${sqlString(prefix)} || ${shownKeySql('x')})`;
  });
  const caseReasons = objects.map(([parent, known], i) => {
    const prefix = parent === '' ? '' : `${parent}.`;
    const names = [...known];
    const lower = sqlStringList(names.map((n) => n.toLowerCase()));
    return `list_transform(list_filter(coalesce(k[${i + 1}], []), x -> NOT list_contains(${sqlStringList(names)}, x) AND list_contains(${lower}, lower(x))), x -> ${sqlString(prefix)} || x || ' is not a contract field; field names are case-sensitive: did you mean ' || ${sqlString(prefix)} || ${sqlStringList(names)}[list_position(${lower}, lower(x))] || '?')`;
  });
  const nested = objects.map(([p]) => p).filter((p) => p !== '');
  const parentReasons = nested.map(
    (p, j) =>
      `CASE WHEN pt[${j + 1}] IS NOT NULL AND pt[${j + 1}] NOT IN ('OBJECT', 'NULL') THEN ${sqlString(`${p}: cannot read `)} || ${jsonKindSql(`pt[${j + 1}]`)} || ' as an object' END`,
  );
  const lists = [...parentReasons.map((r) => `[${r}]`), ...caseReasons];
  return {
    keys: `CASE WHEN root = 'OBJECT' THEN json_keys(raw, ${sqlStringList(paths)}) END`,
    unknown: `CASE WHEN root = 'OBJECT' THEN flatten([${perObject.join(', ')}]) ELSE [] END`,
    parentTypes:
      nested.length === 0
        ? 'CAST([] AS VARCHAR[])'
        : `CASE WHEN root = 'OBJECT' THEN json_type(raw, ${sqlStringList(nested.map((p) => jsonPath(p.split('.'))))}) END`,
    reasons: `nullif(array_to_string(list_filter(flatten([${lists.join(', ')}]), x -> x IS NOT NULL), '; '), '')`,
  };
}

/**
 * The typing and reason layers shared by every format, over a relation with `file_idx`, `ord`,
 * `line_no`, `raw`, `problem` (why the record is not JSON at all, NULL when it is), `root` (JSON
 * type of the record), `v` (leaf values as text), `unknown_fields` and `extra` (record-level
 * reasons, NULL when none); `jsonTypeOf` gives a leaf's JSON type expression (NULL for CSV).
 */
function typedRows(
  contract: SourceContract,
  leaves: string,
  jsonTypeOf: (field: ContractField, text: string) => string,
): string {
  const typed: string[] = [];
  const reasons: string[] = [];
  contract.fields.forEach((f, i) => {
    const text = `v[${i + 1}]`;
    const input: FieldInput = { text, jsonType: jsonTypeOf(f, text) };
    const col = sqlIdent(columnName(f));
    typed.push(`${typedValueSql(f, input)} AS ${col}`);
    reasons.push(fieldReasonSql(f, input, col));
  });
  reasons.push('extra');
  const reason = `CASE WHEN problem IS NOT NULL THEN problem WHEN root <> 'OBJECT' THEN 'not a JSON object (found ' || ${jsonKindSql('root')} || ')' ELSE nullif(concat_ws('; ', ${reasons.join(', ')}), '') END`;
  const cols = contract.fields.map((f) => sqlIdent(columnName(f))).join(', ');
  return `INSERT INTO ${STAGED_TABLE}
SELECT file_idx, ord, line_no, raw, ${reason} AS reason, ${cols}, unknown_fields FROM (
  SELECT *, ${typed.join(', ')} FROM (${leaves})
)`;
}

const lineReader = (file: StagedFileRef, limits: LineReaderLimits): string =>
  `read_csv(${source(file)}, columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x01', quote = '', escape = '', auto_detect = false, strict_mode = false, max_line_size = ${limits.maxLineBytes}, buffer_size = ${bufferSize(limits)}, store_rejects = true)`;

/**
 * Why a line is not JSON, or NULL when it is. DuckDB's parser is lenient where JSON is not
 * (a trailing comma, `NaN`, `Infinity`), so after `json_valid` those are looked for outside
 * string literals: a record a strict consumer would refuse is never curated.
 */
export function jsonProblemSql(line: string): string {
  const bare = `regexp_replace(${line}, '"(\\\\.|[^"\\\\])*"', '""', 'g')`;
  // The cheap scan first: only a line that could hold either pays for stripping its strings.
  return `CASE WHEN NOT json_valid(${line}) THEN 'not valid JSON' WHEN NOT regexp_matches(${line}, ',\\s*[\\]}]|NaN|Infinity') THEN NULL WHEN regexp_matches(${bare}, ',\\s*[\\]}]') THEN 'not valid JSON (a trailing comma)' WHEN regexp_matches(${bare}, '\\b(NaN|Infinity)\\b') THEN 'not valid JSON (NaN and Infinity are not JSON numbers)' END`;
}

/**
 * JSON records onto the contract: `base` yields `file_idx`, `ord`, `line_no`, `raw` and
 * `problem`; leaves are extracted by path, drift and record-level reasons computed once.
 */
function jsonRecordsSql(contract: SourceContract, base: string): string {
  const paths = sqlStringList(contract.fields.map((f) => jsonPath(f.path)));
  const o = objectKeysSql(contract.fields);
  return typedRows(
    contract,
    `SELECT *, ${o.unknown} AS unknown_fields, ${o.reasons} AS extra FROM (
    SELECT *,
      CASE WHEN root = 'OBJECT' THEN json_extract_string(raw, ${paths}) END AS v,
      ${o.keys} AS k, ${o.parentTypes} AS pt
    FROM (
      SELECT *, CASE WHEN problem IS NULL THEN json_type(raw) END AS root FROM (${base})
    )
  )`,
    // Only a value that looks like an object or array costs a second parse to learn its type.
    (f, text) =>
      `CASE WHEN left(${text}, 1) IN ('{', '[') THEN json_type(raw, ${sqlString(jsonPath(f.path))}) END`,
  );
}

/**
 * Stages one NDJSON file (plain or gzip, DuckDB decompresses while reading): each non-blank line
 * is one row, read as text so its line number and raw bytes survive. Lines that are not JSON
 * objects, miss a required field or hold a value the contract cannot read get a reason; lines
 * DuckDB cannot read at all (invalid UTF-8, too long) are left to its reject table.
 */
export function ndjsonInsertSql(
  contract: SourceContract,
  fileIdx: number,
  file: StagedFileRef,
  limits: LineReaderLimits,
): string {
  return jsonRecordsSql(
    contract,
    `SELECT ${fileIdx} AS file_idx, ordinality AS ord, ordinality AS line_no, line AS raw, ${jsonProblemSql('line')} AS problem
        FROM ${lineReader(file, limits)} WITH ORDINALITY
        WHERE line IS NOT NULL AND trim(line) <> ''`,
  );
}
