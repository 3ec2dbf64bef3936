import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { SourceContract } from '../../lib/contract/contract';
import { LINEAGE_COLUMNS } from '../../lib/contract/contract';
import { sqlString } from '../../lib/contract/sql-text';
import { rulesOf } from '../../lib/dq/source-rules';
import { attachCatalog, tableSql } from '../../lib/iceberg/catalog-session';
import { PARTITION_COLUMN } from '../../lib/iceberg/curated-schema';
import { curatedTableName } from '../../lib/names';
import { acceptancesOfDate } from '../../lib/tracking/dq-acceptances';
import type { Publication, Publisher } from '../convert/convert-job';
import { writeCuratedAvro } from '../convert/write-avro';
import type { TransformDeps, TransformJob } from '../job';
import { tableColumns } from '../../lib/iceberg/schema-evolution';
import { buildCandidates, candidateLineage, curatedColumnList } from './candidates';
import { evolvedFields } from './evolved-fields';
import { commitRun, type CommitOutcome } from './commit-run';
import { COMMIT_LOCK_TTL_SECONDS, withTableLock } from './table-lock';

/**
 * Writes the Avro copy of the rows the run's commit holds in the table (read back by lineage,
 * so a run retried after its commit writes the same copy as the first attempt would have).
 */
async function avroOfRun(
  deps: TransformDeps,
  db: Parameters<Publisher>[0],
  job: TransformJob,
  contract: SourceContract,
  workDir: string,
): Promise<{ path: string; rows: number }> {
  const table = tableSql({
    namespace: deps.config.iceberg.namespace,
    table: curatedTableName(job.source),
  });
  const parquet = join(workDir, 'committed.parquet');
  await db.run(`COPY (
  SELECT ${curatedColumnList(contract)} FROM ${table}
  WHERE ${PARTITION_COLUMN} = DATE ${sqlString(job.ingestionDate)} AND ${LINEAGE_COLUMNS.manifestId} = ${sqlString(job.runId)}
  ORDER BY ${LINEAGE_COLUMNS.sourceFile}, ${LINEAGE_COLUMNS.doc}
) TO ${sqlString(parquet)} (FORMAT parquet)`);
  const path = join(workDir, 'curated.avro');
  const rows = await writeCuratedAvro(db, contract, parquet, path, job.runId);
  return { path, rows };
}

function publication(outcome: CommitOutcome): Publication {
  if (outcome.status === 'failed') {
    return {
      rules: outcome.rules,
      reasons: outcome.reasons,
      rowsAdded: 0,
      rowsRemoved: 0,
      duplicateRows: 0,
      alreadyCommitted: false,
    };
  }
  const r = outcome.record;
  return {
    rules: outcome.status === 'committed' ? outcome.rules : [],
    reasons: [],
    rowsAdded: r.rowsAdded,
    rowsRemoved: r.rowsRemoved,
    duplicateRows: r.duplicateRows,
    commit: r,
    alreadyCommitted: outcome.status === 'already',
  };
}

/**
 * The transform's publisher: attaches the catalog, shapes the candidates, and commits them to
 * the date under the table's commit lock (merge for a manifest, replace for a rebuild); then,
 * when configured, the Avro copy of what the commit holds.
 */
export function icebergPublisher(
  deps: TransformDeps,
  job: TransformJob,
  contract: SourceContract,
  workDir: string,
): Publisher {
  return async (db, counts) => {
    await attachCatalog(db, deps.catalog);
    const ref = { namespace: deps.config.iceberg.namespace, table: curatedTableName(job.source) };
    const evolved =
      contract.unknownFields === 'evolve'
        ? await evolvedFields(db, contract, async () => {
            const columns = await tableColumns(db, tableSql(ref));
            return new Map(columns.map((c) => [c.name, String(c.type)]));
          })
        : [];
    // The contract as this run writes it: the evolved fields are columns of the table from now on.
    const written = evolved.length
      ? { ...contract, fields: [...contract.fields, ...evolved] }
      : contract;
    const { runDuplicates } = await buildCandidates(db, contract, candidateLineage(job), evolved);
    const ttlSeconds = COMMIT_LOCK_TTL_SECONDS;
    const metricsTable = deps.config.tables.metrics;
    // Read before the lock: an acceptance recorded later comes with its own rebuild request.
    const acceptances = await acceptancesOfDate(
      deps.ddb,
      metricsTable,
      job.ingestionDate,
      job.source,
    );
    const outcome = await withTableLock(
      deps.locks,
      ref,
      `${job.runId}#${randomUUID()}`,
      // Waiting out a long commit of another manifest beats redoing this one's staging later.
      { ttlSeconds, waitMs: 600_000, now: deps.now },
      () =>
        commitRun(
          db,
          deps.catalog,
          deps.ddb,
          metricsTable,
          {
            kind: job.kind === 'rebuild' ? 'replace' : 'merge',
            runId: job.runId,
            source: job.source,
            ingestionDate: job.ingestionDate,
            contract: written,
            ref,
            replacedKeys: [...new Set(job.files.map((f) => f.key))],
            run: {
              rowsRead: counts.rowsRead,
              rejectedRows: counts.rejectedRows,
              acceptedRows: counts.acceptedRows,
            },
            runDuplicates,
            rules: rulesOf(deps.config, contract),
            acceptances,
            now: deps.now ?? (() => new Date()),
          },
          deps.hooks,
        ),
    );
    const pub = publication(outcome);
    if (outcome.status === 'failed' || !deps.config.outputFormats.includes('avro')) return pub;
    return { ...pub, avro: await avroOfRun(deps, db, job, contract, workDir) };
  };
}
