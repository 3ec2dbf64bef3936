import type { AwsClients } from '../../../handlers/lib/aws/clients';
import { ENV_VARS } from '../../../handlers/lib/names';
import { pendingFilesOfDate } from '../../../handlers/lib/tracking/file-repository';
import { manifestsWithStatus } from '../../../handlers/lib/tracking/manifest-repository';
import { MANIFEST_STATUS } from '../../../handlers/lib/tracking/statuses';
import type { LocalDeployment } from '../../../scripts/local/deployment';
import type { InvocationRecord } from '../../../scripts/local/runtime/invocation';
import { LocalRuntime, type RuntimeOptions } from '../../../scripts/local/runtime/runtime';
import { scaled } from '../../helpers/time-scale';

export interface DrainOptions {
  /** Passed to every runtime (handler overrides, observers). */
  readonly runtime?: RuntimeOptions;
  /** Runtimes consuming the same queues at once (two Lambda fleets racing). */
  readonly runtimes?: number;
  /** Dates whose pending files and CREATED manifests must be gone before the drain ends. */
  readonly dates: readonly string[];
  readonly drainTimeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Dates that still hold pending files or CREATED manifests (work a live lock held back). */
async function unsettledDates(
  clients: Pick<AwsClients, 'ddb'>,
  deployment: LocalDeployment,
  dates: readonly string[],
): Promise<string[]> {
  const t = { ddb: clients.ddb, table: deployment.names.tables.files };
  const out: string[] = [];
  for (const date of dates) {
    const pending = await pendingFilesOfDate(t, date);
    const created = await manifestsWithStatus(t, date, MANIFEST_STATUS.created);
    if (pending.length + created.length > 0) out.push(date);
  }
  return out;
}

/**
 * Runs the deployment's handlers until nothing is left to do: `runtimes` local runtimes drain
 * the queues concurrently (each fires the schedules once idle), then one more drain; a builder
 * killed while holding a date lock leaves that date's files pending until the lock expires, so
 * while a date is unsettled the drain waits out the lock TTL and drains again (the flush
 * schedule picks the files up), as the next scheduled flush would on AWS.
 */
export async function drainPipeline(
  deployment: LocalDeployment,
  clients: AwsClients,
  options: DrainOptions,
): Promise<InvocationRecord[]> {
  const invocations: InvocationRecord[] = [];
  const runtimeOptions: RuntimeOptions = {
    retryDelaySeconds: 1,
    ...options.runtime,
    onInvoke: (r) => {
      invocations.push(r);
      options.runtime?.onInvoke?.(r);
    },
  };
  const deadline = Date.now() + (options.drainTimeoutMs ?? scaled(150_000));
  const drainWith = async (count: number): Promise<void> => {
    const runtimes = Array.from(
      { length: count },
      () => new LocalRuntime(deployment, clients, runtimeOptions),
    );
    try {
      const timeoutMs = Math.max(1_000, deadline - Date.now());
      await Promise.all(runtimes.map((r) => r.runUntilIdle({ timeoutMs })));
    } finally {
      await Promise.all(runtimes.map((r) => r.stop()));
    }
  };
  await drainWith(options.runtimes ?? 1);
  await drainWith(1);
  const lockTtlMs =
    Number(deployment.functionEnv.manifestBuilder[ENV_VARS.lockTtlSeconds] ?? '300') * 1000;
  while ((await unsettledDates(clients, deployment, options.dates)).length > 0) {
    if (Date.now() + lockTtlMs > deadline) {
      const left = await unsettledDates(clients, deployment, options.dates);
      throw new Error(`dates still unsettled when the drain ran out of time: ${left.join(', ')}`);
    }
    await sleep(lockTtlMs + 500);
    await drainWith(1);
  }
  return invocations;
}
