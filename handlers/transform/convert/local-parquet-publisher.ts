import { evaluateRules, hardFailures } from '../../lib/dq/evaluate';
import type { SourceContract } from '../../lib/contract/contract';
import type { DqRule } from '../../lib/dq/rules';
import type { Publisher } from './convert-job';
import { writeCurated } from './write-outputs';

/**
 * The local writer's Parquet row-group size for a DuckDB memory limit: the writer buffers whole
 * row groups (raw `_doc` text included), so 30,720 rows per 256 MB (122,880, DuckDB's own
 * default, at 1 GB), measured to fit, up to ~1M rows. The Iceberg insert keeps the extension's
 * own Parquet settings.
 */
export function rowGroupRowsFor(memoryLimitMb: number): number {
  return Math.min(1_048_576, Math.max(30_720, Math.floor(memoryLimitMb / 256) * 30_720));
}

/**
 * A publisher that writes the run's deduplicated rows to one local Parquet file, with the DQ
 * rules over the run alone: the append-only reference the benchmarks measure the transform's
 * Iceberg commit against (it touches no catalog and no S3).
 */
export function localParquetPublisher(
  contract: SourceContract,
  path: string,
  rowGroupRows: number,
  rules: readonly DqRule[],
  runId: string,
  ingestedAt: string,
): Publisher {
  return async (db, counts) => {
    const results = evaluateRules(rules, counts);
    const reasons = hardFailures(results).map((r) => `${r.id}: ${r.message}`);
    if (reasons.length > 0) {
      return {
        rules: results,
        reasons,
        rowsAdded: 0,
        rowsRemoved: 0,
        duplicateRows: 0,
        alreadyCommitted: false,
      };
    }
    const rows = await writeCurated(
      db,
      contract,
      { manifestId: runId, ingestedAt },
      path,
      rowGroupRows,
    );
    return {
      rules: results,
      reasons,
      rowsAdded: rows,
      rowsRemoved: 0,
      duplicateRows: counts.acceptedRows - rows,
      alreadyCommitted: false,
    };
  };
}
