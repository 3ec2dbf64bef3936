import { EXIT_CODES } from '../../lib/exit-codes';
import type { RunOutcome } from './run-outcome';

const VERDICT: Readonly<Record<RunOutcome['exitCode'], string>> = {
  [EXIT_CODES.ok]: 'all curated',
  [EXIT_CODES.error]: 'error',
  [EXIT_CODES.heldByDq]:
    'some data is held by its data-quality gate; fix the data and backfill the date (pipeline backfill), or change the rule',
  [EXIT_CODES.needsOperator]:
    'failures need an operator; see pipeline status, fix the cause, then pipeline redrive',
  [EXIT_CODES.interrupted]: 'interrupted',
};

/**
 * The summary that ends `pipeline run` and the demo: one line of counts (the DQ holds, failed
 * manifests, quarantined files and DLQ messages a person must know of), one line per item of
 * each, and the verdict with its exit code, so a glance says whether anything needs doing.
 */
export function outcomeLines(o: RunOutcome): string[] {
  const dlq = o.dlqMessages.ingest + o.dlqMessages.manifest;
  const lines = [
    `${o.invocations.total} invocation(s), ${o.invocations.failed} failed; ${o.curatedRuns} run(s) curated, ${o.heldByDq.length} held by data quality, ${o.failedManifests.length} failed manifest(s), ${o.quarantined.length} quarantined file(s), ${dlq} DLQ message(s)`,
  ];
  for (const r of o.heldByDq)
    lines.push(`  held by data quality: ${r.date} (${r.runId}): ${r.reasons.join('; ')}`);
  for (const m of o.failedManifests)
    lines.push(`  failed manifest: ${m.date} (${m.manifestId}): ${m.reason}`);
  for (const q of o.quarantined) lines.push(`  quarantined: ${q.key}: ${q.reason}`);
  for (const [queue, n] of Object.entries(o.dlqMessages)) {
    if (n > 0)
      lines.push(`  ${n} message(s) in the ${queue} DLQ (pipeline redrive --queue ${queue})`);
  }
  lines.push(`exit ${o.exitCode}: ${VERDICT[o.exitCode]}`);
  return lines;
}
