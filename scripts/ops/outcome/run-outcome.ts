import { EXIT_CODES, type ExitCode } from '../../lib/exit-codes';
import type { FailedManifest, HeldRun, OutcomeSnapshot, QuarantinedFile } from './outcome-snapshot';

/** What a drain of the queues did, as `pipeline run` and the demo summarize it (and `--json`). */
export interface RunOutcome {
  readonly invocations: { readonly total: number; readonly failed: number };
  /** Transform runs that passed their data-quality gate and committed. */
  readonly curatedRuns: number;
  /** Runs whose data-quality gate held their date back: nothing of them was committed. */
  readonly heldByDq: readonly HeldRun[];
  /** Manifests that failed for another reason than their data quality (no contract...). */
  readonly failedManifests: readonly FailedManifest[];
  readonly quarantined: readonly QuarantinedFile[];
  /** Messages in the DLQs now, whenever they arrived: each needs an operator. */
  readonly dlqMessages: { readonly ingest: number; readonly manifest: number };
  readonly exitCode: ExitCode;
}

const added = <K, V>(before: ReadonlyMap<K, V>, after: ReadonlyMap<K, V>): V[] =>
  [...after].filter(([k]) => !before.has(k)).map(([, v]) => v);

/**
 * The outcome of a drain from snapshots before and after it: what it added, and the exit code
 * that says so (0 all curated, 3 some data held by data quality, 4 failures that need an
 * operator: a failed manifest or a DLQ message, which outrank a DQ hold). Quarantined files
 * are reported and do not change the code: refusing bad input is the pipeline doing its job.
 */
export function runOutcome(
  before: OutcomeSnapshot,
  after: OutcomeSnapshot,
  invocations: RunOutcome['invocations'],
): RunOutcome {
  const heldByDq = added(before.heldRuns, after.heldRuns);
  const heldIds = new Set([...after.heldRuns.values()].map((r) => r.runId));
  const failedManifests = added(before.failedManifests, after.failedManifests).filter(
    (m) => !heldIds.has(m.manifestId),
  );
  const curatedRuns = [...after.passedRuns].filter((id) => !before.passedRuns.has(id)).length;
  const { ingest, manifest } = after.dlqMessages;
  const exitCode =
    failedManifests.length > 0 || ingest + manifest > 0
      ? EXIT_CODES.needsOperator
      : heldByDq.length > 0
        ? EXIT_CODES.heldByDq
        : EXIT_CODES.ok;
  return {
    invocations,
    curatedRuns,
    heldByDq,
    failedManifests,
    quarantined: added(before.quarantined, after.quarantined),
    dlqMessages: after.dlqMessages,
    exitCode,
  };
}
