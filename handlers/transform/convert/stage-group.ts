import type { SourceContract } from '../../lib/contract/contract';
import { ndjsonGroupStageSql } from '../../lib/contract/ndjson-sql';
import { stagedFileDdl, type StagedPlacement } from '../../lib/contract/staging-sql';
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

/** The table a group is staged into, named by its first file; its files stay in it, in order. */
const groupTable = (files: readonly LocalInputFile[]): string => `staged_group_${files[0]!.idx}`;

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
 * Stages NDJSON files already on local disk with one statement into one table, where each
 * file's rows follow the previous file's, in line order (a copy into one table per file cost a
 * statement per file: a third of a small file's staging), records each file's reader rejects,
 * and returns where each file's rows are. Returns undefined, leaving no table behind, when a
 * gzip file is damaged or expands past the limit, or a file's bytes fail the statement: the
 * caller then stages the files one by one, so the bad one is refused on its own and the others
 * are staged as usual.
 */
export async function stageGroup(
  db: DuckDbSession,
  contract: SourceContract,
  files: readonly LocalInputFile[],
  limits: StagingLimits,
): Promise<StagedPlacement[] | undefined> {
  for (const f of files) {
    if (f.gzip && (await scanGzip(f.path, limits.maxExpandedBytes)).problem) return undefined;
  }
  const table = groupTable(files);
  await db.run(stagedFileDdl(contract, table));
  try {
    const members = files.map((f) => ({ idx: f.idx, file: f }));
    await db.run(ndjsonGroupStageSql(contract, table, members, limits));
  } catch (err) {
    await db.run(`DROP TABLE IF EXISTS ${table}`);
    if (isInputError(err)) return undefined;
    throw err;
  }
  const ranges = await db.rows(
    `SELECT file_idx, min(rowid) AS first, max(rowid) - min(rowid) + 1 = count(*) AS contiguous FROM ${table} GROUP BY file_idx`,
  );
  // DuckDB keeps insertion order, so each file is one run of rows in line order. Positions
  // depend on it: were it ever broken (an engine change), the run fails instead of numbering
  // lines wrong.
  const broken = ranges.find((r) => r.contiguous !== true);
  if (broken) {
    throw new Error(
      `staging: the rows of file ${Number(broken.file_idx)} are not one run of ${table}; insertion order was not kept`,
    );
  }
  const offsets = new Map(ranges.map((r) => [Number(r.file_idx), Number(r.first)]));
  // A file with no staged row (every line refused by the reader) has no position to offset.
  const placed = files.map((file) => ({
    file,
    placement: { idx: file.idx, table, offset: offsets.get(file.idx) ?? 0 },
  }));
  await recordReaderRejects(db, placed, 0);
  return placed.map((p) => p.placement);
}
