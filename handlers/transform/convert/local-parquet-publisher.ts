import { evaluateRules, hardFailures } from '../../lib/dq/evaluate';
import type { SourceContract } from '../../lib/contract/contract';
import type { DqRule } from '../../lib/dq/rules';
import type { Publisher } from './convert-job';
import { writeCurated } from './write-outputs';

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
