import { DUCKDB_TYPES } from './column-types';
import { columnName, type ContractField, type SourceContract } from './contract';
import { fieldReasonSql, typedValueSql, type FieldInput } from './field-sql';
import { sqlIdent, sqlString, sqlStringList } from './sql-text';

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

/** Per-row SQL of the keys the contract does not know, as dotted paths (schema drift). */
function unknownFieldsSql(fields: readonly ContractField[]): { keys: string; unknown: string } {
  const objects = [...objectPaths(fields)];
  const paths = objects.map(([p]) => (p === '' ? '$' : jsonPath(p.split('.'))));
  const perObject = objects.map(([parent, known], i) => {
    const prefix = parent === '' ? '' : `${parent}.`;
    return `list_transform(list_filter(coalesce(k[${i + 1}], []), x -> NOT list_contains(${sqlStringList([...known])}, x)), x -> ${sqlString(prefix)} || x)`;
  });
  return {
    keys: `CASE WHEN root = 'OBJECT' THEN json_keys(raw, ${sqlStringList(paths)}) END`,
    unknown: `CASE WHEN root = 'OBJECT' THEN flatten([${perObject.join(', ')}]) ELSE [] END`,
  };
}

/**
 * The typing and reason layers shared by both formats, over a relation with `file_idx`, `ord`,
 * `line_no`, `raw`, `ok` (JSON-valid), `root` (JSON type of the record), `v` (leaf values as
 * text) and `unknown_fields`; `jsonTypeOf` gives a leaf's JSON type expression (NULL for CSV).
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
  const reason = `CASE WHEN NOT ok THEN 'not valid JSON' WHEN root <> 'OBJECT' THEN 'not a JSON object (found ' || lower(root) || ')' ELSE nullif(concat_ws('; ', ${reasons.join(', ')}), '') END`;
  const cols = contract.fields.map((f) => sqlIdent(columnName(f))).join(', ');
  return `INSERT INTO ${STAGED_TABLE}
SELECT file_idx, ord, line_no, raw, ${reason} AS reason, ${cols}, unknown_fields FROM (
  SELECT *, ${typed.join(', ')} FROM (${leaves})
)`;
}

const lineReader = (file: StagedFileRef, limits: LineReaderLimits): string =>
  `read_csv(${source(file)}, columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x01', quote = '', escape = '', auto_detect = false, strict_mode = false, max_line_size = ${limits.maxLineBytes}, buffer_size = ${bufferSize(limits)}, store_rejects = true)`;

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
  const paths = sqlStringList(contract.fields.map((f) => jsonPath(f.path)));
  const drift = unknownFieldsSql(contract.fields);
  return typedRows(
    contract,
    `SELECT *, ${drift.unknown} AS unknown_fields FROM (
    SELECT *,
      CASE WHEN root = 'OBJECT' THEN json_extract_string(raw, ${paths}) END AS v,
      ${drift.keys} AS k
    FROM (
      SELECT *, CASE WHEN ok THEN json_type(raw) END AS root FROM (
        SELECT ${fileIdx} AS file_idx, ordinality AS ord, ordinality AS line_no, line AS raw, json_valid(line) AS ok
        FROM ${lineReader(file, limits)} WITH ORDINALITY
        WHERE line IS NOT NULL AND trim(line) <> ''
      )
    )
  )`,
    // Only a value that looks like an object or array costs a second parse to learn its type.
    (f, text) =>
      `CASE WHEN left(${text}, 1) IN ('{', '[') THEN json_type(raw, ${sqlString(jsonPath(f.path))}) END`,
  );
}

/** The first line of a file (plain or gzip), as text: a CSV file's header row. */
export const firstLineSql = (file: StagedFileRef, limits: LineReaderLimits): string =>
  `SELECT line FROM ${lineReader(file, limits)} LIMIT 1`;

/** Splits a CSV header row on commas, honouring double quotes, trimming blanks. */
export function parseCsvHeader(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.replace(/\r$/, '').trim());
  return cells;
}

/** The CSV header column a field maps onto: its column name or its dotted path, any case. */
export function csvColumnFor(field: ContractField, header: readonly string[]): string | undefined {
  const wanted = new Set([columnName(field).toLowerCase(), field.path.join('.').toLowerCase()]);
  return header.find((h) => wanted.has(h.toLowerCase()));
}

/**
 * Stages one CSV file (header row) onto the same contract by column name: a missing column is
 * NULL (so a required one rejects each row with its name), unmapped columns are schema drift,
 * and `raw` is the row as a JSON object of its cells. Rows with the wrong number of cells are
 * left to DuckDB's reject table.
 */
export function csvInsertSql(
  contract: SourceContract,
  fileIdx: number,
  file: StagedFileRef,
  header: readonly string[],
  limits: LineReaderLimits,
): string {
  const mapped = contract.fields.map((f) => csvColumnFor(f, header));
  const unmapped = header.filter((h) => !mapped.includes(h));
  const cells = mapped.map((h) => (h === undefined ? 'CAST(NULL AS VARCHAR)' : sqlIdent(h)));
  const doc = `json_object(${header.map((h) => `${sqlString(h)}, ${sqlIdent(h)}`).join(', ')})::VARCHAR`;
  const columns = `{${header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')}}`;
  return typedRows(
    contract,
    `SELECT ${fileIdx} AS file_idx, ordinality AS ord, ordinality + 1 AS line_no, ${doc} AS raw,
      true AS ok, 'OBJECT' AS root, [${cells.join(', ')}]::VARCHAR[] AS v,
      ${sqlStringList(unmapped)}::VARCHAR[] AS unknown_fields
    FROM read_csv(${source(file)}, header = true, columns = ${columns}, delim = ',', quote = '"', escape = '"', auto_detect = false, null_padding = true, max_line_size = ${limits.maxLineBytes}, buffer_size = ${bufferSize(limits)}, store_rejects = true) WITH ORDINALITY`,
    () => 'CAST(NULL AS VARCHAR)',
  );
}
