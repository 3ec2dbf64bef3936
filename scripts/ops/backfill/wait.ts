import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../../../handlers/lib/names';
import { currentGeneration } from '../../../handlers/transform/partition-generation';
import { rebuildRunId } from '../../../handlers/transform/process-message';
import { runSummary } from '../status/runs';
import type { RunSummary } from '../status/report';

/** How the rebuild of one date ended, as the backfill sees it. */
export type RebuildResult =
  | { readonly status: 'passed'; readonly run: RunSummary }
  | { readonly status: 'superseded'; readonly generation: string }
  | { readonly status: 'failed'; readonly run: RunSummary }
  | { readonly status: 'timeout'; readonly waitedMs: number };

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until the rebuild requested at `requestedAt` is over: its run failed (metrics table:
 * the DQ verdict and reasons), or its generation became current (passed), or a newer
 * generation did (superseded: a later rebuild already contains everything). Times out instead
 * of waiting forever when nothing consumes the manifest queue.
 */
export async function waitForRebuild(
  ddb: DynamoDBDocumentClient,
  metricsTable: string,
  date: string,
  requestedAt: string,
  options: WaitOptions,
): Promise<RebuildResult> {
  const runId = rebuildRunId(requestedAt);
  const sleep = options.sleep ?? defaultSleep;
  const started = Date.now();
  for (;;) {
    const res = await ddb.send(
      new GetCommand({
        TableName: metricsTable,
        Key: { [TABLE_KEYS.metrics.partitionKey]: date, [TABLE_KEYS.metrics.sortKey]: runId },
        ConsistentRead: true,
      }),
    );
    const run = res.Item ? runSummary(res.Item) : undefined;
    if (run?.status === 'failed') return { status: 'failed', run };
    const gen = await currentGeneration(ddb, metricsTable, date);
    if (gen && gen.requestedAt > requestedAt)
      return { status: 'superseded', generation: gen.generation };
    if (run && gen?.generation === runId) return { status: 'passed', run };
    const waitedMs = Date.now() - started;
    if (waitedMs >= options.timeoutMs) return { status: 'timeout', waitedMs };
    await sleep(options.pollMs);
  }
}
