/**
 * Snapshot-summary keys the pipeline's own commits carry (transform merges and replaces,
 * compactions), so `pipeline history` joins a ledger record to its snapshot by run id. A
 * commit made without them (Athena's OPTIMIZE cannot set any) is found by its parent.
 */
export const SNAPSHOT_SUMMARY_KEYS = {
  runId: 'pipeline.run-id',
  kind: 'pipeline.kind',
} as const;
