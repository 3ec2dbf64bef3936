import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceContract } from '../../lib/contract/contract';
import { LINEAGE_COLUMNS } from '../../lib/contract/contract';
import { sqlIdent, sqlString } from '../../lib/contract/sql-text';
import {
  evaluateRules,
  hardFailures,
  type RuleAcceptance,
  type RuleResult,
} from '../../lib/dq/evaluate';
import type { DqRule } from '../../lib/dq/rules';
import { text, type DuckDbSession } from '../../lib/duckdb/session';
import { attachCatalog, tableSql, type CatalogAccess } from '../../lib/iceberg/catalog-session';
import { CATALOG_ALIAS } from '../../lib/iceberg/catalog-target';
import { PARTITION_COLUMN } from '../../lib/iceberg/curated-schema';
import { evolveToContract } from '../../lib/iceberg/schema-evolution';
import {
  CommitConflictError,
  CommitNotVisibleError,
  TableMissingError,
} from '../../lib/iceberg/iceberg-errors';
import type { CuratedTableRef } from '../../lib/names';
import {
  commitsOfDate,
  committedRun,
  recordCommit,
  sinceLastReplace,
  type CommitRecord,
} from '../../lib/tracking/commit-log';
import { markStaged } from '../convert/dedup';
import { CANDIDATES_TABLE, curatedColumnList, winsOverSql } from './candidates';
import { dateDqInputs } from './date-dq';
import { ensurePartitioned } from './partition-spec';
import { lastCommit, LAST_COMMIT_PROPERTY, reconcileLastCommit } from './last-commit';

/** One run's commit to its date, prepared from the candidates in the session. */
export interface CommitRequest {
  readonly kind: 'merge' | 'replace';
  readonly runId: string;
  readonly source: string;
  readonly ingestionDate: string;
  readonly contract: SourceContract;
  readonly ref: Pick<CuratedTableRef, 'namespace' | 'table'>;
  /** merge: raw keys whose rows from earlier runs this commit replaces (a new version of the key). */
  readonly replacedKeys: readonly string[];
  readonly run: {
    readonly rowsRead: number;
    readonly rejectedRows: number;
    readonly acceptedRows: number;
  };
  /** Accepted rows the run itself dropped as duplicates of its own rows. */
  readonly runDuplicates: number;
  readonly rules: readonly DqRule[];
  /** Hard rules an operator accepted for this source and date: evaluated, then warnings. */
  readonly acceptances: readonly RuleAcceptance[];
  readonly now: () => Date;
}

/** Where the commit ended. */
export type CommitOutcome =
  | { readonly status: 'committed'; readonly record: CommitRecord; readonly rules: RuleResult[] }
  | { readonly status: 'already'; readonly record: CommitRecord }
  | { readonly status: 'failed'; readonly rules: RuleResult[]; readonly reasons: string[] };

/** Seams for fault injection around the commit. */
export interface CommitHooks {
  /** Inside the transaction, data files written, before COMMIT: a crash here commits nothing. */
  readonly beforeCommit?: (runId: string) => Promise<void>;
  /** After COMMIT returned, before the ledger write: the next writer must record it. */
  readonly afterCommit?: (runId: string) => Promise<void>;
}

const count = (rows: Record<string, unknown>[]): number =>
  Number(rows[0]?.Count ?? rows[0]?.n ?? 0);

async function snapshotId(db: DuckDbSession, table: string): Promise<string | undefined> {
  const [row] = await db.rows(
    `SELECT CAST(snapshot_id AS VARCHAR) AS id FROM iceberg_snapshots(${table}) ORDER BY sequence_number DESC LIMIT 1`,
  );
  return row ? text(row.id) : undefined;
}

function translateCommitError(err: unknown, table: string): never {
  const message = (err as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && /409|Conflict|has changed/.test(message)) {
    throw new CommitConflictError(`another writer committed to ${table} first`, { cause: err });
  }
  throw err;
}

/** Re-attaches the catalog so the next reads see the table as the catalog has it, not as cached. */
async function refresh(db: DuckDbSession, access: CatalogAccess): Promise<void> {
  await db.run(`DETACH ${CATALOG_ALIAS}`);
  await attachCatalog(db, { ...access, extensionsLoaded: true });
}

/**
 * Commits one run's candidates to its date in ONE catalog commit: merge (rows of keys this run
 * re-delivers are replaced, candidates whose dedup key the date already holds are counted as
 * duplicates and not written) or replace (the date's rows are swapped for the run's). The DQ
 * rules are evaluated on the date as the commit would leave it, inside the open transaction; a
 * failing run commits nothing. The commit record goes into the table property in the same
 * commit, is read back after it (a commit the catalog acknowledged but did not keep throws
 * {@link CommitNotVisibleError}) and then into the ledger; a run already in the ledger (or in
 * the property) is a no-op. The caller holds the table's commit lock.
 */
export async function commitRun(
  db: DuckDbSession,
  access: CatalogAccess,
  ddb: DynamoDBDocumentClient,
  metricsTable: string,
  req: CommitRequest,
  hooks: CommitHooks = {},
): Promise<CommitOutcome> {
  const table = tableSql(req.ref);
  await refresh(db, access);
  const [exists] = await db.rows(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = ${sqlString(CATALOG_ALIAS)} AND schema_name = ${sqlString(req.ref.namespace)} AND table_name = ${sqlString(req.ref.table)}`,
  );
  if (Number(exists?.n ?? 0) === 0) {
    throw new TableMissingError(
      `curated table ${req.ref.namespace}.${req.ref.table} does not exist; deploy the stack (or: pipeline up) first`,
      { context: { ...req.ref } },
    );
  }
  if (await ensurePartitioned(db, table)) await refresh(db, access);
  // A newer contract version's columns join the table before any row of it is written.
  if ((await evolveToContract(db, table, req.contract)).length > 0) await refresh(db, access);
  await reconcileLastCommit(db, table, ddb, metricsTable);
  const done = await committedRun(ddb, metricsTable, req);
  if (done) return { status: 'already', record: done };
  const parentSnapshotId = await snapshotId(db, table);
  const prior =
    req.kind === 'replace'
      ? []
      : sinceLastReplace(await commitsOfDate(ddb, metricsTable, req.ingestionDate, req.source));
  const date = `DATE ${sqlString(req.ingestionDate)}`;
  const key = sqlIdent(req.contract.dedupKey);
  const inDate = `${sqlIdent(PARTITION_COLUMN)} = ${date}`;
  await db.run('BEGIN TRANSACTION');
  let open = true;
  try {
    let removed = 0;
    if (req.kind === 'replace') {
      removed = count(await db.rows(`DELETE FROM ${table} WHERE ${inDate}`));
    } else if (req.replacedKeys.length > 0) {
      const keys = req.replacedKeys.map(sqlString).join(', ');
      removed = count(
        await db.rows(
          `DELETE FROM ${table} WHERE ${inDate} AND ${LINEAGE_COLUMNS.sourceFile} IN (${keys}) AND ${LINEAGE_COLUMNS.manifestId} <> ${sqlString(req.runId)}`,
        ),
      );
    }
    // A candidate that wins over the row its key has in the date displaces it.
    const displaced = count(
      await db.rows(
        `DELETE FROM ${table} WHERE ${inDate} AND ${key} IN (
  SELECT c.${key} FROM ${CANDIDATES_TABLE} c JOIN ${table} t ON t.${inDate} AND t.${key} = c.${key}
  WHERE ${winsOverSql(req.contract, 'c', 't')})`,
      ),
    );
    removed += displaced;
    // Candidates whose key the date still holds are marked in their staged files (as dedup
    // losers are), so the insert reads the candidates view in staged order (file, line) with
    // no copy of the rows and no sort; the marks roll back with the transaction.
    const [cand] = await db.rows(`SELECT count(*) AS n FROM ${CANDIDATES_TABLE}`);
    await markStaged(
      db,
      `SELECT c.file_idx, c.ord FROM ${CANDIDATES_TABLE} c WHERE c.${key} IN (SELECT t.${key} FROM ${table} t WHERE t.${inDate})`,
    );
    const [ins] = await db.rows(`SELECT count(*) AS n FROM ${CANDIDATES_TABLE}`);
    const toInsert = Number(ins?.n ?? 0);
    // Candidates whose key stays with the date's row, and date rows a candidate displaced.
    const dateDuplicates = Number(cand?.n ?? 0) - toInsert + displaced;
    const cols = curatedColumnList(req.contract);
    const added =
      toInsert === 0
        ? 0
        : count(
            await db.rows(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${CANDIDATES_TABLE}`),
          );
    const inputs = await dateDqInputs(db, req.rules, table, req.ingestionDate, prior, {
      rowsRead: req.run.rowsRead,
      rejectedRows: req.run.rejectedRows,
      duplicateRows: req.runDuplicates + dateDuplicates,
    });
    const rules = evaluateRules(req.rules, inputs, req.acceptances);
    const failed = hardFailures(rules);
    if (failed.length > 0) {
      await db.run('ROLLBACK');
      open = false;
      return { status: 'failed', rules, reasons: failed.map((r) => `${r.id}: ${r.message}`) };
    }
    const record: CommitRecord = {
      source: req.source,
      ingestionDate: req.ingestionDate,
      runId: req.runId,
      kind: req.kind,
      ...(parentSnapshotId ? { parentSnapshotId } : {}),
      committedAt: req.now().toISOString(),
      rowsAdded: added,
      rowsRemoved: removed,
      rowsRead: req.run.rowsRead,
      rejectedRows: req.run.rejectedRows,
      acceptedRows: req.run.acceptedRows,
      duplicateRows: req.runDuplicates + dateDuplicates,
    };
    const property = `{${sqlString(LAST_COMMIT_PROPERTY)}: ${sqlString(JSON.stringify(record))}}`;
    await db.run(`CALL set_iceberg_table_properties(${table}, ${property})`);
    await hooks.beforeCommit?.(req.runId);
    try {
      open = false;
      await db.run('COMMIT');
    } catch (err) {
      translateCommitError(err, table);
    }
    await hooks.afterCommit?.(req.runId);
    await refresh(db, access);
    const landed = await lastCommit(db, table);
    if (landed?.runId !== record.runId || landed.committedAt !== record.committedAt) {
      throw new CommitNotVisibleError(
        `the catalog acknowledged the commit of ${req.runId} to ${table} but does not show it; the run is retried`,
        { context: { runId: req.runId, seen: landed?.runId } },
      );
    }
    await recordCommit(ddb, metricsTable, record);
    return { status: 'committed', record, rules };
  } finally {
    if (open) await db.run('ROLLBACK');
  }
}
