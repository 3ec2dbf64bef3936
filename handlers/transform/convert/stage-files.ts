import { mapLimit } from '../../lib/concurrency/map-limit';
import { PipelineError } from '../../lib/errors/pipeline-error';
import type { SourceContract } from '../../lib/contract/contract';
import {
  countLinesSql,
  csvHeaderProblem,
  firstLineSql,
  jsonDocumentInsertSql,
  jsonKindSql,
  jsonProblemSql,
  parseCsvHeader,
  csvInsertSql,
  type JsonDocumentShape,
  stagedFileDdl,
  stagedFileTable,
  stagedViewSql,
} from '../../lib/contract/staging-sql';
import { ndjsonStageSql } from '../../lib/contract/ndjson-sql';
import { sqlString } from '../../lib/contract/sql-text';
import { text, type DuckDbSession } from '../../lib/duckdb/session';
import { scanGzip } from './gzip-check';
import { isInputError, READ_REJECTS_TABLE, recordReaderRejects } from './reader-rejects';
import { GROUP_LIMITS, stageGroup, stagingGroups, type GroupLimits } from './stage-group';
import { createStagedLayout, recordPlacements, type StagedPlacement } from './staged-layout';

export { READ_REJECTS_TABLE } from './reader-rejects';
import type { LocalInputFile, StagingLimits } from './input-file';

/**
 * A raw file DuckDB cannot read at all (corrupt gzip, not text). Staging refuses such a file on
 * its own ({@link RefusedFile}); the class stays for callers that must fail instead.
 */
export class InputUnreadableError extends PipelineError {}

/** The staged files: index to source key, for lineage and rejects. */
export const INPUT_FILES_TABLE = 'input_files';
/** Files refused as a whole: index, reason naming the file, line count when known. */
export const REFUSED_FILES_TABLE = 'refused_files';

/** A file refused as a whole: its bytes are not a readable file of its format. */
export interface RefusedFile {
  readonly sourceKey: string;
  /** Names the file and says why, in words a producer can act on. */
  readonly reason: string;
  /** Its non-blank lines (data rows for CSV) when they could be counted. */
  readonly lines?: number;
}

/** Why a file is refused, before its key is put in front. */
interface Refusal {
  readonly problem: string;
  readonly lines?: number;
  /** True when its lines must not be counted by reading it again (a gzip past the limit). */
  readonly uncounted?: boolean;
}

/** Refuses the file when DuckDB's reader found nothing but non-objects in a JSON document. */
async function documentRefusal(
  db: DuckDbSession,
  file: LocalInputFile,
  shape: JsonDocumentShape | 'lines',
): Promise<Refusal | undefined> {
  const [r] = await db.rows(
    `SELECT count(*) AS n, count(*) FILTER (WHERE root = 'OBJECT') AS objects, ${jsonKindSql("any_value(root) FILTER (WHERE root <> 'OBJECT')")} AS other
FROM (SELECT CASE WHEN json_valid(raw) THEN json_type(raw) END AS root FROM ${stagedFileTable(file.idx)} WHERE skip IS NOT TRUE)`,
  );
  if (Number(r?.n ?? 0) === 0 || Number(r?.objects ?? 0) > 0) return undefined;
  const kind = text(r?.other);
  const found =
    kind === ''
      ? 'not JSON'
      : shape === 'array'
        ? `an array of ${kind.replace(/^an? /, '')} values`
        : kind;
  return {
    problem: `the JSON document is ${found}, not an array of objects or one object`,
    lines: Number(r?.n),
  };
}

/** How a `.json` file holds its records, from its first non-blank line. */
async function jsonShape(
  db: DuckDbSession,
  file: LocalInputFile,
  limits: StagingLimits,
): Promise<'lines' | JsonDocumentShape> {
  const [first] = await db.rows(
    `SELECT line, ${jsonProblemSql('line')} IS NULL AS ok FROM (${firstLineSql(file, limits, true)})`,
  );
  if (text(first?.line).trimStart().startsWith('[')) return 'array';
  return first?.ok === true || first === undefined ? 'lines' : 'values';
}

async function stageOne(
  db: DuckDbSession,
  contract: SourceContract,
  file: LocalInputFile,
  limits: StagingLimits,
): Promise<Refusal | undefined> {
  const headerLines = file.format === 'csv' ? 1 : 0;
  await db.run(stagedFileDdl(contract, file.idx));
  if (file.format === 'csv') {
    const [first] = await db.rows(firstLineSql(file, limits));
    const header = parseCsvHeader(text(first?.line));
    const problem = csvHeaderProblem(contract, header);
    if (problem) return { problem };
    await db.run(csvInsertSql(contract, file.idx, file, header, limits));
  } else if (file.format === 'json') {
    const shape = await jsonShape(db, file, limits);
    if (shape !== 'lines') {
      await db.run(jsonDocumentInsertSql(contract, file.idx, file, shape, limits));
      return documentRefusal(db, file, shape);
    }
    await db.run(ndjsonStageSql(contract, file.idx, file, limits));
    const refusal = await documentRefusal(db, file, shape);
    if (refusal) return refusal;
  } else {
    await db.run(ndjsonStageSql(contract, file.idx, file, limits));
  }
  await recordReaderRejects(db, [{ file }], headerLines);
  return undefined;
}

/** Non-blank lines of a file as DuckDB reads them (data rows for CSV), when it can. */
async function lineCount(
  db: DuckDbSession,
  file: LocalInputFile,
  limits: StagingLimits,
): Promise<number | undefined> {
  try {
    const [r] = await db.rows(countLinesSql(file, limits));
    return Math.max(0, Number(r?.n ?? 0) - (file.format === 'csv' ? 1 : 0));
  } catch (err) {
    if (isInputError(err)) return undefined;
    throw err;
  }
}

/** Stages one file, or says why it is refused as a whole (its rows, if any, removed again). */
async function stageOrRefuse(
  db: DuckDbSession,
  contract: SourceContract,
  file: LocalInputFile,
  limits: StagingLimits,
): Promise<Refusal | undefined> {
  if (file.gzip) {
    const scan = await scanGzip(file.path, limits.maxExpandedBytes);
    if (scan.problem) {
      return scan.lines === undefined
        ? { problem: scan.problem, uncounted: true }
        : { problem: scan.problem, lines: scan.lines };
    }
  }
  let refusal: Refusal | undefined;
  try {
    refusal = await stageOne(db, contract, file, limits);
  } catch (err) {
    if (!isInputError(err)) throw err;
    // DuckDB names the local copy; the raw object's key is what a person can look up.
    const first = err.message.split('\n')[0] ?? 'unknown error';
    refusal = { problem: first.split(file.path).join(file.sourceKey) };
  }
  if (!refusal) return undefined;
  await db.run(`DROP TABLE IF EXISTS ${stagedFileTable(file.idx)}`);
  await db.run(`DELETE FROM ${READ_REJECTS_TABLE} WHERE file_idx = ${file.idx}`);
  const lines = refusal.uncounted
    ? undefined
    : (refusal.lines ?? (await lineCount(db, file, limits)));
  return { problem: refusal.problem, ...(lines === undefined ? {} : { lines }) };
}

/**
 * How staging reaches each file and lets it go: already on local disk (the default), read in
 * place over S3, or fetched just before its own staging and removed right after, so a run never
 * holds more than one group of small files, or one large file, in its temp directory at a time
 * (a rebuild of a whole date included; see `GROUP_LIMITS`).
 */
export interface StagingIo {
  /** Readies the session before the first file (extensions, credentials). */
  attach?(db: DuckDbSession): Promise<void>;
  prepare(file: LocalInputFile): Promise<LocalInputFile>;
  /** Lets a staged file go; may fail (the raw object changed while it was read). */
  release(file: LocalInputFile): Promise<void>;
}

const LOCAL_FILES: StagingIo = {
  prepare: (file) => Promise.resolve(file),
  release: () => Promise.resolve(),
};

/**
 * Loads every input file into the staging table under the contract, and records what DuckDB's
 * reader refused with its line number. Runs of small NDJSON files are staged by one statement
 * each ({@link stageGroup}); any other file, and every file of a group that could not be staged
 * whole, one at a time. A file that is not a readable file of its format (a truncated or
 * corrupt gzip, a CSV header with an empty or repeated column name, a `.json` document that is
 * neither an array of objects nor one object, bytes DuckDB cannot parse) is refused on its own:
 * recorded in {@link REFUSED_FILES_TABLE} with a reason naming it, and returned, while the
 * other files are staged. Bad data never fails the whole manifest; only infrastructure errors
 * (and bugs) propagate.
 */
export async function stageFiles(
  db: DuckDbSession,
  contract: SourceContract,
  files: readonly LocalInputFile[],
  limits: StagingLimits,
  io: StagingIo = LOCAL_FILES,
  groupLimits: GroupLimits = GROUP_LIMITS,
): Promise<RefusedFile[]> {
  await db.run(
    `CREATE OR REPLACE TABLE ${READ_REJECTS_TABLE} (file_idx INTEGER, line BIGINT, rank BIGINT, reason VARCHAR)`,
  );
  await db.run(
    `CREATE OR REPLACE TABLE ${INPUT_FILES_TABLE} (file_idx INTEGER, source_file VARCHAR)`,
  );
  await db.run(
    `CREATE OR REPLACE TABLE ${REFUSED_FILES_TABLE} (file_idx INTEGER, reason VARCHAR, lines BIGINT)`,
  );
  if (files.length > 0) {
    const values = files.map((f) => `(${f.idx}, ${sqlString(f.sourceKey)})`);
    await db.run(`INSERT INTO ${INPUT_FILES_TABLE} VALUES ${values.join(', ')}`);
  }
  await createStagedLayout(db);
  await io.attach?.(db);
  const refused: RefusedFile[] = [];
  const staged: StagedPlacement[] = [];
  const settle = async (file: LocalInputFile, refusal: Refusal | undefined): Promise<void> => {
    if (!refusal) {
      staged.push({ idx: file.idx, table: stagedFileTable(file.idx), offset: 0 });
      return;
    }
    const r: RefusedFile = {
      sourceKey: file.sourceKey,
      reason: `cannot read ${file.sourceKey}: ${refusal.problem}`,
      ...(refusal.lines === undefined ? {} : { lines: refusal.lines }),
    };
    await db.run(
      `INSERT INTO ${REFUSED_FILES_TABLE} VALUES (${file.idx}, ${sqlString(r.reason)}, ${r.lines ?? 'NULL'})`,
    );
    refused.push(r);
  };
  for (const group of stagingGroups(files, groupLimits)) {
    if (group.length === 1 && group[0]!.bytes === 0) continue;
    // A group's files are fetched together (a few at a time) and let go together.
    const locals = await mapLimit(group, DOWNLOAD_CONCURRENCY, (f) => io.prepare(f));
    try {
      const placements =
        group.length > 1 ? await stageGroup(db, contract, locals, limits) : undefined;
      if (placements) {
        staged.push(...placements);
      } else {
        for (const local of locals)
          await settle(local, await stageOrRefuse(db, contract, local, limits));
      }
    } catch (err) {
      // The staging error is the one to report; letting the files go must not hide it.
      await Promise.allSettled(locals.map((local) => io.release(local)));
      throw err;
    }
    for (const local of locals) await io.release(local);
  }
  // Once, at the end: the view over every staged file, in file order (none when all refused).
  await recordPlacements(db, staged);
  await db.run(stagedViewSql(contract, staged));
  return refused;
}

/** How many of a group's raw files are fetched at once. */
const DOWNLOAD_CONCURRENCY = 8;
