import type { DqAcceptance } from '../../../handlers/lib/tracking/dq-acceptances';
import type { LockHolder } from '../../../handlers/lib/tracking/status-queries';
import type { FileStatus, ManifestStatus } from '../../../handlers/lib/tracking/statuses';
import type { LateData } from './late-data';

/** Depth of one queue. */
export interface QueueDepth {
  readonly role: 'ingest' | 'ingestDlq' | 'manifest' | 'manifestDlq';
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  /**
   * Age in seconds of the oldest waiting work: for a DLQ the oldest of a sample of its messages;
   * for the ingest queue the oldest PENDING file; for the manifest queue the oldest QUEUED
   * manifest (peeking a live queue would count as a receive and push messages to the DLQ).
   */
  readonly oldestAgeSeconds: number | null;
  readonly oldestBasis: 'dlq-sample' | 'pending-file' | 'queued-manifest';
}

/** The tracking state of one ingestion date. */
export interface DateStatus {
  readonly date: string;
  readonly files: Readonly<Record<FileStatus, number>>;
  readonly manifests: Readonly<Record<ManifestStatus, number>>;
  /** Current rebuild generation, when the date was rebuilt. */
  readonly generation: {
    readonly id: string;
    readonly requestedAt: string;
    readonly rows: number;
  } | null;
  readonly late: LateData | null;
  /** ISO-8601 of the oldest PENDING file, when there is one. */
  readonly oldestPending: string | null;
  /** ISO-8601 of the oldest QUEUED manifest's last change, when there is one. */
  readonly oldestQueued: string | null;
}

/** One transform run with its data-quality verdict (metrics table). */
export interface RunSummary {
  readonly date: string;
  readonly runId: string;
  readonly kind: string;
  readonly status: string;
  readonly finishedAt: string;
  readonly rowsRead: number;
  readonly rowsOutput: number;
  readonly rowsRejected: number;
  readonly rowsDuplicate: number;
  /** Files the run refused as a whole (their lines are not in `rowsRead`). */
  readonly filesRefused: number;
  readonly failedRules: readonly string[];
  readonly reasons: readonly string[];
}

/** Everything `pipeline status` shows, as `--json` prints it. */
export interface StatusReport {
  readonly env: string;
  readonly generatedAt: string;
  readonly queues: readonly QueueDepth[];
  readonly dates: readonly DateStatus[];
  readonly runs: readonly RunSummary[];
  readonly locks: readonly LockHolder[];
  /** Hard rules operators accepted for the dates of `dates` (`pipeline dq accept`), by date. */
  readonly acceptances: readonly DqAcceptance[];
  /** Dates of `dates` that received data after their last rebuild (or first curated run). */
  readonly lateDates: readonly string[];
}
