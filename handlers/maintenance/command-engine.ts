import { execFile } from 'node:child_process';
import { z } from 'zod';
import { EMULATOR_CREDENTIALS } from '../lib/aws/target';
import type { CatalogTarget } from '../lib/iceberg/catalog-target';
import { SNAPSHOT_SUMMARY_KEYS } from '../lib/iceberg/snapshot-summary';
import type { CuratedTableRef } from '../lib/names';
import type {
  CompactOutcome,
  DateFiles,
  MaintenanceEngine,
  VacuumLimits,
  VacuumOutcome,
} from './engine';
import { MaintenanceEngineError } from './maintenance-errors';

const dateFiles = z.object({ date: z.string(), dataFiles: z.number(), deleteFiles: z.number() });
const compactOutcome = z.object({
  date: z.string(),
  committed: z.boolean(),
  rows: z.number(),
  dataFilesBefore: z.number(),
  deleteFilesBefore: z.number(),
  dataFilesAfter: z.number(),
  deleteFilesAfter: z.number(),
  parentSnapshotId: z.string().nullish(),
  snapshotId: z.string().nullish(),
});
const answerSchema = z.object({
  error: z.string().optional(),
  plan: z.array(dateFiles).optional(),
  compact: compactOutcome.optional(),
  expire: z.object({ expired: z.number() }).optional(),
  orphans: z.object({ removed: z.array(z.string()) }).optional(),
});
type Answer = z.infer<typeof answerSchema>;

const vacuumActions = (limits: VacuumLimits) => ({
  expire: { olderThanMs: limits.snapshotsBefore.getTime() },
  orphans: { olderThanMs: limits.orphansBefore.getTime() },
});

const vacuumOutcome = (answer: Answer): VacuumOutcome => ({
  expiredSnapshots: answer.expire?.expired ?? 0,
  removedFiles: answer.orphans?.removed.length ?? 0,
});

/**
 * The maintenance engine of emulator targets: a program (the venv's python running
 * scripts/maintenance/iceberg_maintenance.py, i.e. pyiceberg) that takes one JSON request on
 * stdin and answers one JSON object. The handler knows only the command, which the local
 * deployment passes in ICEBERG_MAINTENANCE_COMMAND, so handlers never import scripts.
 */
export function commandEngine(
  command: readonly [string, ...string[]],
  catalog: Extract<CatalogTarget, { kind: 'rest' }>,
  timeoutMs = 600_000,
): MaintenanceEngine {
  const call = (ref: CuratedTableRef, actions: Record<string, unknown>): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const request = {
        catalog: {
          uri: catalog.endpoint,
          s3Endpoint: catalog.s3Endpoint,
          region: catalog.region,
          ...EMULATOR_CREDENTIALS,
        },
        namespace: ref.namespace,
        table: ref.table,
        actions,
      };
      const child = execFile(
        command[0],
        command.slice(1),
        { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          let answer: Answer | undefined;
          try {
            answer = answerSchema.parse(JSON.parse(stdout));
          } catch {
            answer = undefined;
          }
          if (answer?.error || !answer) {
            const why =
              answer?.error ?? (stderr.trim().split('\n').at(-1) || (err?.message ?? 'no answer'));
            reject(
              new MaintenanceEngineError(`Iceberg maintenance of ${ref.table} failed: ${why}`, {
                cause: err ?? undefined,
                context: { table: ref.table, actions: Object.keys(actions) },
              }),
            );
            return;
          }
          resolve(answer);
        },
      );
      child.stdin?.end(JSON.stringify(request));
    });

  return {
    async plan(ref): Promise<DateFiles[]> {
      return (await call(ref, { plan: true })).plan ?? [];
    },
    async compact(ref, request): Promise<CompactOutcome> {
      const answer = await call(ref, {
        compact: {
          date: request.date,
          targetFileSizeBytes: request.targetFileSizeBytes,
          snapshotProperties: {
            [SNAPSHOT_SUMMARY_KEYS.runId]: request.runId,
            [SNAPSHOT_SUMMARY_KEYS.kind]: 'compact',
          },
        },
      });
      if (!answer.compact) throw new MaintenanceEngineError('the compaction answered nothing');
      const { parentSnapshotId, snapshotId, ...rest } = answer.compact;
      return {
        ...rest,
        ...(parentSnapshotId ? { parentSnapshotId } : {}),
        ...(snapshotId ? { snapshotId } : {}),
      };
    },
    async vacuum(ref, limits) {
      const answer = await call(ref, vacuumActions(limits));
      return vacuumOutcome(answer);
    },
    async planAndVacuum(ref, limits) {
      // The script plans before it vacuums, so the plan is of the same state as plan().
      const answer = await call(ref, { plan: true, ...vacuumActions(limits) });
      return { plan: answer.plan ?? [], ...vacuumOutcome(answer) };
    },
  };
}
