import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResourceNames } from '../../../handlers/lib/names';
import { openDates } from '../../../handlers/lib/tracking/date-markers';
import {
  acceptancesOfDate,
  type DqAcceptance,
} from '../../../handlers/lib/tracking/dq-acceptances';
import { fileDateStatus } from '../../../handlers/lib/tracking/items';
import {
  countFilesByStatus,
  countFilesReceivedAfter,
  lockHolders,
  manifestsOfDate,
  oldestInIndexPartition,
} from '../../../handlers/lib/tracking/status-queries';
import {
  FILE_STATUS,
  MANIFEST_STATUS,
  type ManifestStatus,
} from '../../../handlers/lib/tracking/statuses';
import { currentGeneration } from '../../../handlers/transform/partition-generation';
import { selectDates, type DateWindow } from './date-window';
import { hasLateData, lateReference, uncoveredManifests } from './late-data';
import { queueDepths } from './queues';
import type { DateStatus, RunSummary, StatusReport } from './report';
import { latestRuns, runsOfDate } from './runs';

/** What collecting the status reads from. */
export interface StatusDeps {
  readonly sqs: SQSClient;
  readonly ddb: DynamoDBDocumentClient;
  readonly names: ResourceNames;
  readonly now?: () => Date;
}

async function dateStatus(d: StatusDeps, date: string): Promise<DateStatus> {
  const files = { ddb: d.ddb, table: d.names.tables.files };
  const [counts, manifests, generation, oldestPending] = await Promise.all([
    countFilesByStatus(files, date),
    manifestsOfDate(files, date),
    currentGeneration(d.ddb, d.names.tables.metrics, date),
    oldestInIndexPartition(files, fileDateStatus(date, FILE_STATUS.pending)),
  ]);
  const byStatus = Object.fromEntries(
    Object.values(MANIFEST_STATUS).map((s) => [s, manifests.filter((m) => m.status === s).length]),
  ) as Record<ManifestStatus, number>;
  const queued = manifests
    .filter((m) => m.status === MANIFEST_STATUS.queued)
    .map((m) => m.updated_at)
    .sort();
  const reference = lateReference(generation, manifests);
  const late = reference && {
    date,
    reference,
    files: await countFilesReceivedAfter(files, date, reference.since),
    manifests: uncoveredManifests(generation, manifests),
  };
  return {
    date,
    files: counts,
    manifests: byStatus,
    generation: generation
      ? { id: generation.generation, requestedAt: generation.requestedAt, rows: generation.rows }
      : null,
    late: late && hasLateData(late) ? late : null,
    oldestPending: oldestPending ?? null,
    oldestQueued: queued[0] ?? null,
  };
}

const ageSeconds = (iso: string | undefined, now: Date): number | null =>
  iso === undefined ? null : Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));

/**
 * Reads the whole operator view of one deployment: queue and DLQ depths, per-date tracking
 * (files and manifests by status, generation, late data), the latest runs with their
 * data-quality verdicts, the operators' acceptances of hard rules, and the lock holders. Read-only apart from sampling DLQ messages with
 * a zero visibility timeout.
 */
export async function collectStatus(
  d: StatusDeps,
  window: DateWindow,
  options: { runs: number } = { runs: 10 },
): Promise<StatusReport> {
  const now = (d.now ?? (() => new Date()))();
  const files = { ddb: d.ddb, table: d.names.tables.files };
  const dates = selectDates(await openDates(files, now), window);
  const perDate: DateStatus[] = [];
  const runs: RunSummary[] = [];
  const acceptances: DqAcceptance[] = [];
  for (const date of dates) {
    perDate.push(await dateStatus(d, date));
    runs.push(...(await runsOfDate(d.ddb, d.names.tables.metrics, date)));
    acceptances.push(...(await acceptancesOfDate(d.ddb, d.names.tables.metrics, date)));
  }
  const oldest = (pick: (s: DateStatus) => string | null): string | undefined =>
    perDate
      .map(pick)
      .filter((v): v is string => v !== null)
      .sort()[0];
  const [queues, locks] = await Promise.all([
    queueDepths(d.sqs, d.names, now, {
      ingest: ageSeconds(
        oldest((s) => s.oldestPending),
        now,
      ),
      manifest: ageSeconds(
        oldest((s) => s.oldestQueued),
        now,
      ),
    }),
    lockHolders({ ddb: d.ddb, table: d.names.tables.locks }, now),
  ]);
  return {
    env: d.names.env,
    generatedAt: now.toISOString(),
    queues,
    dates: perDate,
    runs: latestRuns(runs, options.runs),
    locks,
    acceptances,
    lateDates: perDate.filter((s) => s.late !== null).map((s) => s.date),
  };
}
