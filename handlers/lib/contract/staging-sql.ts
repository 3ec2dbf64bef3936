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

/** read_json spells "no compression" differently from read_csv. */
const jsonSource = (f: StagedFileRef): string =>
  `${sqlString(f.path)}, compression = '${f.gzip ? 'gzip' : 'uncompressed'}'`;

/** The table one file staged alone goes into; {@link STAGED_TABLE} is the view over all of them. */
export const stagedFileTable = (fileIdx: number): string => `staged_file_${fileIdx}`;

const contractColumns = (contract: SourceContract): string[] =>
  contract.fields.map((f) => sqlIdent(columnName(f)));

/** The columns a staging statement inserts into a staging table, in order. */
export const stagedInsertColumns = (contract: SourceContract): string =>
  [
    'file_idx',
    'line_no',
    'raw',
    'reason',
    ...contractColumns(contract),
    'unknown_fields',
    'skip',
  ].join(', ');

/** The table a staging statement writes: a file's own (by its index) or the one named. */
const targetTable = (target: number | string): string =>
  typeof target === 'number' ? stagedFileTable(target) : target;

/**
 * The staging table of one file, or of a group of files staged together: where each row came
 * from (file index, line), its raw text, why it was rejected (NULL when accepted), one typed
 * column per contract leaf, the field paths the contract does not know (schema drift), `skip`
 * for a blank line and `dup` for a row deduplication dropped. A file's rows sit in line order,
 * so a row's `rowid` (less its file's first, in a group: {@link StagedPlacement}) is its
 * position in the file: the NDJSON staging reads in parallel and leaves `line_no` NULL (see
 * {@link stagedViewSql}) instead of numbering lines on one thread.
 */
export function stagedFileDdl(contract: SourceContract, target: number | string): string {
  const cols = contract.fields.map((f) => `${sqlIdent(columnName(f))} ${DUCKDB_TYPES[f.type]}`);
  return `CREATE OR REPLACE TEMP TABLE ${targetTable(target)} (file_idx INTEGER, line_no BIGINT, raw VARCHAR, reason VARCHAR, ${cols.join(', ')}, unknown_fields VARCHAR[], skip BOOLEAN, dup BOOLEAN)`;
}

/**
 * Where one staged file's rows are: the table (its own, or its group's: see `stage-group.ts`)
 * and the `rowid` of its first row there, so its rows are that table's rows from `offset` on,
 * in line order.
 */
export interface StagedPlacement {
  readonly idx: number;
  readonly table: string;
  readonly offset: number;
}

/** A row's position in its file, over a table holding the files `files` (rowid from offsets). */
function positionSql(files: readonly StagedPlacement[]): string {
  if (files.length === 1 && files[0]!.offset === 0) return 'rowid + 1';
  const first = Math.min(...files.map((f) => f.idx));
  const last = Math.max(...files.map((f) => f.idx));
  const offsets = new Map(files.map((f) => [f.idx, f.offset]));
  const list = Array.from({ length: last - first + 1 }, (_, i) => offsets.get(first + i) ?? 0);
  return `rowid + 1 - CAST([${list.join(', ')}] AS BIGINT[])[file_idx - ${first} + 1]`;
}

/**
 * The view every reader of the staged rows uses (`file_idx`, `ord`, `line_no`, `raw`, `reason`,
 * the contract columns, `unknown_fields`, `dup`): the staged tables in file order, blank lines
 * left out, `ord` the row's position in its file and `line_no` its line (as stored when the
 * staging knew it, else the position). A UNION ALL of plain scans keeps the files' order (a
 * group's table holds its files in order), so readers get file and line order without sorting.
 */
export function stagedViewSql(
  contract: SourceContract,
  placements: readonly StagedPlacement[],
): string {
  const cols = contractColumns(contract).join(', ');
  const byTable = new Map<string, StagedPlacement[]>();
  for (const p of placements) byTable.set(p.table, [...(byTable.get(p.table) ?? []), p]);
  const tables = [...byTable.values()].sort(
    (a, b) => Math.min(...a.map((f) => f.idx)) - Math.min(...b.map((f) => f.idx)),
  );
  const parts = tables.map((files) => {
    const position = positionSql(files);
    return `SELECT file_idx, ${position} AS ord, coalesce(line_no, ${position}) AS line_no, raw, reason, ${cols}, unknown_fields, dup FROM ${files[0]!.table} WHERE skip IS NOT TRUE`;
  });
  const empty = `SELECT CAST(NULL AS INTEGER) AS file_idx, CAST(NULL AS BIGINT) AS ord, CAST(NULL AS BIGINT) AS line_no, CAST(NULL AS VARCHAR) AS raw, CAST(NULL AS VARCHAR) AS reason, ${contract.fields.map((f) => `CAST(NULL AS ${DUCKDB_TYPES[f.type]}) AS ${sqlIdent(columnName(f))}`).join(', ')}, CAST(NULL AS VARCHAR[]) AS unknown_fields, CAST(NULL AS BOOLEAN) AS dup WHERE false`;
  return `CREATE OR REPLACE TEMP VIEW ${STAGED_TABLE} AS ${[empty, ...parts].join('\nUNION ALL ')}`;
}

/** A JSON path of a contract field (`$."session"."is_new"`). */
export const jsonPath = (path: readonly string[]): string =>
  `$.${path.map((p) => `"${p}"`).join('.')}`;

/** Paths of the objects that hold contract leaves: the root and every parent of a leaf. */
export function objectPaths(fields: readonly ContractField[]): Map<string, Set<string>> {
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
export interface ObjectKeysSql {
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
export function objectKeysSql(fields: readonly ContractField[]): ObjectKeysSql {
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
 * The typing and reason layers shared by every format, over a relation with `file_idx`,
 * `line_no`, `raw`, `skip`, `problem` (why the record is not JSON at all, NULL when it is),
 * `root` (JSON type of the record), the leaf values as text (`v`, a list, unless `leafText`
 * says where each is), `unknown_fields` and `extra` (record-level reasons, NULL when none);
 * `jsonTypeOf` gives a leaf's JSON type expression (NULL for CSV). Inserts into the file's
 * table ({@link stagedFileDdl}) when `target` is its index, else into the table it names.
 */
export function typedRows(
  contract: SourceContract,
  target: number | string,
  leaves: string,
  jsonTypeOf: (field: ContractField, text: string) => string,
  leafText: (field: ContractField, index: number) => string = (_f, i) => `v[${i + 1}]`,
): string {
  const typed: string[] = [];
  const reasons: string[] = [];
  // Each leaf's text is taken out once, not at each of its several uses.
  const texts = contract.fields.map((f, i) => `${leafText(f, i)} AS v_${i + 1}`);
  contract.fields.forEach((f, i) => {
    const text = `v_${i + 1}`;
    const input: FieldInput = { text, jsonType: jsonTypeOf(f, text) };
    const col = sqlIdent(columnName(f));
    typed.push(`${typedValueSql(f, input)} AS ${col}`);
    reasons.push(fieldReasonSql(f, input, col));
  });
  reasons.push('extra');
  // unknownFields: reject refuses a line that carries fields the contract does not declare.
  if (contract.unknownFields === 'reject') {
    reasons.push(
      `CASE WHEN len(unknown_fields) > 0 THEN 'fields the contract does not declare: ' || array_to_string(unknown_fields, ', ') END`,
    );
  }
  const reason = `CASE WHEN problem IS NOT NULL THEN problem WHEN root <> 'OBJECT' THEN 'not a JSON object (found ' || ${jsonKindSql('root')} || ')' ELSE nullif(concat_ws('; ', ${reasons.join(', ')}), '') END`;
  const cols = contractColumns(contract).join(', ');
  return `INSERT INTO ${targetTable(target)} (${stagedInsertColumns(contract)})
SELECT file_idx, line_no, raw, ${reason} AS reason, ${cols}, unknown_fields, skip FROM (
  SELECT *, ${typed.join(', ')} FROM (SELECT *, ${texts.join(', ')} FROM (${leaves}))
)`;
}

/**
 * True for a blank line (NULL or only whitespace). A CASE, not `OR`/`AND`: DuckDB evaluates
 * both sides of those for every row, and `trim` copies the whole line (a third of the staging's
 * CPU on the common record, which starts with `{` and never needs it).
 */
export const blankLineSql = (line: string): string =>
  `CASE WHEN ${line} IS NULL THEN true WHEN starts_with(${line}, '{') THEN false ELSE trim(${line}) = '' END`;

/** The line reader: each line of a file as text (DuckDB's CSV reader on a delimiter no line holds). */
export const lineReader = (file: StagedFileRef, limits: LineReaderLimits): string =>
  `read_csv(${source(file)}, ${LINE_READER_OPTIONS(limits)})`;

const LINE_READER_OPTIONS = (limits: LineReaderLimits): string =>
  `columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x01', quote = '', escape = '', auto_detect = false, strict_mode = false, max_line_size = ${limits.maxLineBytes}, buffer_size = ${bufferSize(limits)}, store_rejects = true`;

/**
 * The lines of several files of one compression in one read (`file_idx`, `line`): DuckDB's
 * multi-file reader spreads the files over its threads, where a UNION ALL of one reader per
 * file ran each small file's pipeline on one thread. Rows come in file order, each file's
 * lines in order (insertion order is preserved).
 */
export function multiFileLineReader(
  files: readonly { readonly idx: number; readonly file: StagedFileRef }[],
  limits: LineReaderLimits,
): string {
  const paths = sqlStringList(files.map((f) => f.file.path));
  const idxs = `[${files.map((f) => f.idx).join(', ')}]`;
  const gzip = files[0]?.file.gzip ?? false;
  return `SELECT ${idxs}[list_position(${paths}, filename)] AS file_idx, line FROM read_csv(${paths}, compression = '${gzip ? 'gzip' : 'none'}', ${LINE_READER_OPTIONS(limits)}, filename = true)`;
}

/**
 * Why a line is not JSON, or NULL when it is. DuckDB's parser is lenient where JSON is not
 * (a trailing comma, `NaN`, `Infinity`), so after `json_valid` those are looked for outside
 * string literals: a record a strict consumer would refuse is never curated.
 */
export function jsonProblemSql(line: string): string {
  return `CASE WHEN NOT json_valid(${line}) THEN 'not valid JSON' ELSE ${lenientJsonProblemSql(line)} END`;
}

/**
 * {@link jsonProblemSql} of a line DuckDB's parser already read: only what it accepts and JSON
 * does not (a trailing comma, `NaN`, `Infinity`), looked for outside string literals.
 */
export function lenientJsonProblemSql(line: string): string {
  const bare = `regexp_replace(${line}, '"(\\\\.|[^"\\\\])*"', '""', 'g')`;
  // The cheap scan first: only a line that could hold either pays for stripping its strings.
  // Substring tests before the one regex left (`,\s*]` is `,]` or `,\s+]`): half the cost.
  const suspect = `contains(${line}, 'NaN') OR contains(${line}, 'Infinity') OR contains(${line}, ',}') OR contains(${line}, ',]') OR regexp_matches(${line}, ',\\s+[\\]}]')`;
  return `CASE WHEN NOT (${suspect}) THEN NULL WHEN regexp_matches(${bare}, ',\\s*[\\]}]') THEN 'not valid JSON (a trailing comma)' WHEN regexp_matches(${bare}, '\\b(NaN|Infinity)\\b') THEN 'not valid JSON (NaN and Infinity are not JSON numbers)' END`;
}

/**
 * JSON records onto the contract: `base` yields `file_idx`, `line_no`, `raw`, `skip` and
 * `problem`; leaves are extracted by path, drift and record-level reasons computed once.
 */
function jsonRecordsSql(contract: SourceContract, fileIdx: number, base: string): string {
  const paths = sqlStringList(contract.fields.map((f) => jsonPath(f.path)));
  const o = objectKeysSql(contract.fields);
  return typedRows(
    contract,
    fileIdx,
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

/** How a `.json` file holds its records (see {@link jsonDocumentInsertSql}). */
export type JsonDocumentShape = 'array' | 'values';

/**
 * Stages one `.json` document with DuckDB's JSON reader: `array` is a top-level array whose
 * elements are the records, `values` one record (pretty-printed or not; several top-level
 * values in a row are several records). Records are numbered from 1 in `line_no`: their
 * position in the document, as a document has no line per record. A document DuckDB cannot
 * parse fails the statement, which the caller turns into the refusal of the file.
 */
export function jsonDocumentInsertSql(
  contract: SourceContract,
  fileIdx: number,
  file: StagedFileRef,
  shape: JsonDocumentShape,
  limits: LineReaderLimits,
): string {
  const format = shape === 'array' ? 'array' : 'unstructured';
  const maxObject = Math.max(limits.maxLineBytes, 16 * 1024 * 1024);
  return jsonRecordsSql(
    contract,
    fileIdx,
    `SELECT ${fileIdx} AS file_idx, ordinality AS line_no, CAST(json AS VARCHAR) AS raw, false AS skip, CAST(NULL AS VARCHAR) AS problem
        FROM read_json(${jsonSource(file)}, format = '${format}', records = false, columns = {'json': 'JSON'}, maximum_object_size = ${maxObject}) WITH ORDINALITY`,
  );
}

/**
 * The first line of a file (plain or gzip), as text: a CSV file's header row, or with
 * `nonBlank` the first line that holds anything (how a `.json` file's shape is told).
 */
export const firstLineSql = (
  file: StagedFileRef,
  limits: LineReaderLimits,
  nonBlank = false,
): string =>
  `SELECT line FROM ${lineReader(file, limits)}${nonBlank ? ` WHERE NOT ${blankLineSql('line')}` : ''} LIMIT 1`;

/**
 * The non-blank lines of a file, for the accounting of a refused one: lines DuckDB cannot read
 * (invalid UTF-8, too long) are skipped, not counted, and leave no reject behind.
 */
export const countLinesSql = (file: StagedFileRef, limits: LineReaderLimits): string =>
  `SELECT count(*) AS n FROM read_csv(${source(file)}, columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x01', quote = '', escape = '', auto_detect = false, strict_mode = false, max_line_size = ${limits.maxLineBytes}, buffer_size = ${bufferSize(limits)}, ignore_errors = true) WHERE NOT ${blankLineSql('line')}`;

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
 * Why a CSV header cannot be mapped onto the contract, or undefined when it can: an empty
 * column name, a name given twice (names match fields in any case, so `id` and `ID` are the
 * same), or two columns for one field (`session_id` and `session.session_id`). DuckDB would
 * fail on such a header with a binder error the transform cannot tell from a bug; checked
 * here, the file is refused with a reason a producer can act on.
 */
export function csvHeaderProblem(
  contract: SourceContract,
  header: readonly string[],
): string | undefined {
  if (header.length === 1 && header[0] === '') return 'the CSV header row is empty';
  const empty = header.findIndex((h) => h === '');
  if (empty >= 0) return `the CSV header has an empty column name (column ${empty + 1})`;
  const seen = new Map<string, string>();
  for (const h of header) {
    const other = seen.get(h.toLowerCase());
    if (other !== undefined) {
      return other === h
        ? `the CSV header repeats the column name "${h}"`
        : `the CSV header repeats the column name "${h}" (as "${other}"; names match in any case)`;
    }
    seen.set(h.toLowerCase(), h);
  }
  for (const f of contract.fields) {
    const wanted = new Set([columnName(f).toLowerCase(), f.path.join('.').toLowerCase()]);
    const both = header.filter((h) => wanted.has(h.toLowerCase()));
    if (both.length > 1) {
      return `the CSV header has two columns for field ${columnName(f)}: ${both.map((h) => `"${h}"`).join(' and ')}`;
    }
  }
  return undefined;
}

/**
 * Stages one CSV file (header row) onto the same contract by column name: a missing column is
 * NULL (so a required one rejects each row with its name), unmapped columns are schema drift,
 * and `raw` is the row as a JSON object of its cells. Rows with too few or too many cells are
 * left to DuckDB's reject table (never padded with NULLs). The header must have passed
 * {@link csvHeaderProblem}.
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
    fileIdx,
    `SELECT ${fileIdx} AS file_idx, ordinality + 1 AS line_no, ${doc} AS raw, false AS skip,
      CAST(NULL AS VARCHAR) AS problem, 'OBJECT' AS root, [${cells.join(', ')}]::VARCHAR[] AS v,
      ${sqlStringList(unmapped)}::VARCHAR[] AS unknown_fields, CAST(NULL AS VARCHAR) AS extra
    FROM read_csv(${source(file)}, header = true, columns = ${columns}, delim = ',', quote = '"', escape = '"', auto_detect = false, null_padding = false, max_line_size = ${limits.maxLineBytes}, buffer_size = ${bufferSize(limits)}, store_rejects = true) WITH ORDINALITY`,
    () => 'CAST(NULL AS VARCHAR)',
  );
}
