import type { AwsClients } from '../../../handlers/lib/aws/clients';
import type { ResourceNames } from '../../../handlers/lib/names';
import { openDates } from '../../../handlers/lib/tracking/date-markers';
import {
  quarantinedFilesOfDate,
  undatedQuarantinedFiles,
  type FilesTable,
} from '../../../handlers/lib/tracking/file-repository';
import { manifestsWithStatus } from '../../../handlers/lib/tracking/manifest-repository';
import { MANIFEST_STATUS } from '../../../handlers/lib/tracking/statuses';
import { visibleMessages } from '../redrive/queues';
import { queueUrl } from '../status/queues';
import { runsOfDate } from '../status/runs';

/** A transform run whose data-quality gate held its date back. */
export interface HeldRun {
  readonly date: string;
  readonly runId: string;
  readonly failedRules: readonly string[];
  readonly reasons: readonly string[];
}

/** A manifest that ended FAILED, with the reason the transform recorded. */
export interface FailedManifest {
  readonly date: string;
  readonly manifestId: string;
  readonly reason: string;
}

/** A raw file the manifest builder quarantined. */
export interface QuarantinedFile {
  readonly key: string;
  readonly reason: string;
}

/**
 * What a deployment holds that a drain's summary counts, keyed so that two snapshots (before
 * and after `pipeline run`) tell what this run added: runs by date and run id, manifests by id,
 * quarantined files by key. DLQ depths are as they are now.
 */
export interface OutcomeSnapshot {
  readonly passedRuns: ReadonlySet<string>;
  readonly heldRuns: ReadonlyMap<string, HeldRun>;
  readonly failedManifests: ReadonlyMap<string, FailedManifest>;
  readonly quarantined: ReadonlyMap<string, QuarantinedFile>;
  readonly dlqMessages: { readonly ingest: number; readonly manifest: number };
}

/**
 * Reads the snapshot from the tracking and metrics tables (every date still open) and the two
 * DLQs. Read-only: queue depths come from attributes, no message is received.
 */
export async function takeOutcomeSnapshot(
  clients: AwsClients,
  names: ResourceNames,
  now: Date = new Date(),
): Promise<OutcomeSnapshot> {
  const files: FilesTable = { ddb: clients.ddb, table: names.tables.files };
  const passedRuns = new Set<string>();
  const heldRuns = new Map<string, HeldRun>();
  const failedManifests = new Map<string, FailedManifest>();
  const quarantined = new Map<string, QuarantinedFile>();
  const record = (items: ReadonlyArray<{ key: string; reason?: string }>): void => {
    for (const q of items)
      quarantined.set(q.key, { key: q.key, reason: q.reason ?? '(no reason recorded)' });
  };
  for (const date of await openDates(files, now)) {
    const [runs, failed, held] = await Promise.all([
      runsOfDate(clients.ddb, names.tables.metrics, date),
      manifestsWithStatus(files, date, MANIFEST_STATUS.failed),
      quarantinedFilesOfDate(files, date),
    ]);
    for (const r of runs) {
      const id = `${date}/${r.runId}`;
      if (r.status === 'passed') passedRuns.add(id);
      else
        heldRuns.set(id, { date, runId: r.runId, failedRules: r.failedRules, reasons: r.reasons });
    }
    for (const m of failed) {
      failedManifests.set(m.manifest_id, {
        date,
        manifestId: m.manifest_id,
        reason: m.reason ?? '(no reason recorded)',
      });
    }
    record(held);
  }
  record(await undatedQuarantinedFiles(files));
  const depth = async (name: string): Promise<number> =>
    visibleMessages(clients.sqs, await queueUrl(clients.sqs, name));
  const [ingest, manifest] = await Promise.all([
    depth(names.queues.ingestDlq),
    depth(names.queues.manifestDlq),
  ]);
  return { passedRuns, heldRuns, failedManifests, quarantined, dlqMessages: { ingest, manifest } };
}
