/**
 * The local runtime survives a transform stopped at its timeout in the middle of a DuckDB
 * query: only that invocation's execution environment is killed, the message is redelivered
 * after its visibility timeout, and the date ends curated exactly once.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { join } from 'node:path';
import { PREFIXES } from '../../../handlers/lib/names';
import type { InvocationRecord } from '../../../scripts/local/runtime/invocation';
import { LocalRuntime } from '../../../scripts/local/runtime/runtime';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { tableQuery } from '../../helpers/table-rows';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
const SLOW_FIRST = join(__dirname, '../../fixtures/handlers/slow-first-transform.ts');
const DATE = '2026-11-24';

/** Each manifest message's transform outcomes, in delivery order. */
function outcomesByMessage(records: readonly InvocationRecord[]): string[][] {
  const byId = new Map<string, string[]>();
  for (const r of records) {
    for (const { messageId } of (r.event as SQSEvent).Records) {
      byId.set(messageId, [...(byId.get(messageId) ?? []), r.outcome.kind]);
    }
  }
  return [...byId.values()];
}

describe('local runtime: a transform killed at its timeout', () => {
  it(
    'is redelivered, the run finishes, and the date is curated exactly once',
    async () => {
      const { backend, deployment, names } = fx();
      await backend.clients.s3.send(
        new PutObjectCommand({
          Bucket: names.buckets.raw,
          Key: `${PREFIXES.raw}source=app/ingestion_date=${DATE}/slow.ndjson`,
          Body: toNdjson(appEvents(40, { date: DATE, seed: 41 })),
        }),
      );
      // Long enough for a whole transform of 40 rows, short enough to wait out twice.
      const timeoutMs = scaled(12_000);
      const transforms: InvocationRecord[] = [];
      const runtime = new LocalRuntime(deployment, backend.clients, {
        handlerOverrides: { transform: SLOW_FIRST },
        timeoutMs: { transform: timeoutMs },
        retryDelaySeconds: 1,
        onInvoke: (r) => r.functionKey === 'transform' && transforms.push(r),
      });
      try {
        await runtime.runUntilIdle({ timeoutMs: scaled(150_000) });
      } finally {
        await runtime.stop();
      }

      // Every manifest's first delivery is killed at its timeout; its redelivery passes.
      const outcomes = outcomesByMessage(transforms);
      expect(outcomes.length).toBeGreaterThanOrEqual(1);
      for (const kinds of outcomes) expect(kinds).toEqual(['timeout', 'ok']);
      for (const r of transforms.filter((t) => t.outcome.kind === 'ok')) {
        expect(r.outcome).toEqual({ kind: 'ok', result: { batchItemFailures: [] } });
      }
      expect(transforms.find((t) => t.outcome.kind === 'timeout')!.outcome).toEqual({
        kind: 'timeout',
        timeoutMs,
      });

      const [counts] = await tableQuery(
        backend.target,
        names.iceberg.namespace,
        `SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM curated WHERE ingestion_date = DATE '${DATE}'`,
      );
      expect(counts).toEqual({ n: '40', ids: '40' });
    },
    scaled(240_000),
  );
});
