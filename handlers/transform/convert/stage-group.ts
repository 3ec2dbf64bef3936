import type { SourceContract } from '../../lib/contract/contract';
import { ndjsonGroupStageSql } from '../../lib/contract/ndjson-sql';
import { stagedFileDdl, stagedFileTable } from '../../lib/contract/staging-sql';
import type { DuckDbSession } from '../../lib/duckdb/session';
import { scanGzip } from './gzip-check';
import type { LocalInputFile, StagingLimits } from './input-file';
import { isInputError, recordReaderRejects } from './reader-rejects';

/**
 * How many files, and bytes, one statement stages together. Planning the staging statement
 * costs about what staging 10 MB does (~0.1 s), so a manifest of 1 MB files spent most of its
 * time planning; a group of small files pays it once. A group is downloaded whole before its
 * statement, so its bytes bound the temp directory's raw files, as one large file does alone.
 */
export interface GroupLimits {
  readonly maxFiles: number;
  readonly maxBytes: number;
}

export const GROUP_LIMITS: GroupLimits = { maxFiles: 64, maxBytes: 64 * 1024 * 1024 };

/** The table a group is staged into before each file gets its own. */
const GROUP_TABLE = 'staged_group';

const groupable = (f: LocalInputFile, limits: GroupLimits): boolean =>
  f.format === 'ndjson' && f.bytes > 0 && f.bytes <= limits.maxBytes;

/**
 * The files in staging order, cut into groups staged by one statement: runs of consecutive
 * non-empty NDJSON files within the limits. Any other file (CSV, a `.json` document, an empty
 * or a large file) is a group of its own, staged as before.
 */
export function stagingGroups(
  files: readonly LocalInputFile[],
  limits: GroupLimits = GROUP_LIMITS,
): LocalInputFile[][] {
  const groups: LocalInputFile[][] = [];
  let current: LocalInputFile[] = [];
  let bytes = 0;
  const close = (): void => {
    if (current.length > 0) groups.push(current);
    current = [];
    bytes = 0;
  };
  for (const f of files) {
    if (!groupable(f, limits)) {
      close();
      groups.push([f]);
      continue;
    }
    if (current.length >= limits.maxFiles || bytes + f.bytes > limits.maxBytes) close();
    current.push(f);
    bytes += f.bytes;
  }
  close();
  return groups;
}

/**
 * Stages NDJSON files already on local disk with one statement, then gives each file its own
 * table (its rows in line order, so a row's position is its line, as when staged alone) and
 * records each file's reader rejects. Returns false, leaving no table behind, when a gzip file
 * is damaged or expands past the limit, or a file's bytes fail the statement: the caller then
 * stages the files one by one, so the bad one is refused on its own and the others are staged
 * as usual.
 */
export async function stageGroup(
  db: DuckDbSession,
  contract: SourceContract,
  files: readonly LocalInputFile[],
  limits: StagingLimits,
): Promise<boolean> {
  for (const f of files) {
    if (f.gzip && (await scanGzip(f.path, limits.maxExpandedBytes)).problem) return false;
  }
  await db.run(stagedFileDdl(contract, GROUP_TABLE));
  try {
    const members = files.map((f) => ({ idx: f.idx, file: f }));
    await db.run(ndjsonGroupStageSql(contract, GROUP_TABLE, members, limits));
  } catch (err) {
    await db.run(`DROP TABLE IF EXISTS ${GROUP_TABLE}`);
    if (isInputError(err)) return false;
    throw err;
  }
  for (const f of files) {
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${stagedFileTable(f.idx)} AS SELECT * FROM ${GROUP_TABLE} WHERE file_idx = ${f.idx}`,
    );
    await recordReaderRejects(db, f, 0);
  }
  await db.run(`DROP TABLE ${GROUP_TABLE}`);
  return true;
}
