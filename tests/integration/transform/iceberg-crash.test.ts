import { commitsOfDate } from '../../../handlers/lib/tracking/commit-log';
import { processManifestMessage } from '../../../handlers/transform/process-message';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { tableQuery } from '../../helpers/table-rows';
import { deliver, seedManifest, transformDeps } from './support';

const fx = usePipeline();

const countOf = async (date: string): Promise<number> => {
  const [r] = await tableQuery(
    fx().backend.target,
    fx().names.iceberg.namespace,
    `SELECT count(*) AS n FROM curated WHERE ingestion_date = DATE '${date}'`,
  );
  return Number(r?.n);
};

/** Reads the date's row count over and over until stopped: what a reader sees meanwhile. */
function pollReader(date: string): { stop: () => Promise<number[]> } {
  const seen: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) seen.push(await countOf(date));
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
}

const crashOnce = (): { hook: () => Promise<void>; fired: () => boolean } => {
  let fired = false;
  return {
    hook: () => {
      if (fired) return Promise.resolve();
      fired = true;
      return Promise.reject(new Error('injected crash'));
    },
    fired: () => fired,
  };
};

describe('transform: crashes around the Iceberg commit', () => {
  it('a crash after the data files are written and before the commit commits nothing; the retry converges; readers see old or new', async () => {
    const date = '2026-09-01';
    const base = await seedManifest(fx(), date, [
      { name: 'a.ndjson', body: toNdjson(appEvents(200, { date, seed: 21 })) },
    ]);
    await deliver(fx(), transformDeps(fx()), [base]);
    const next = await seedManifest(fx(), date, [
      { name: 'b.ndjson', body: toNdjson(appEvents(100, { date, seed: 21 }, 200)) },
    ]);
    const crash = crashOnce();
    const reader = pollReader(date);
    const failed = await deliver(fx(), transformDeps(fx(), {}, { beforeCommit: crash.hook }), [
      next,
    ]);
    expect(crash.fired()).toBe(true);
    expect(failed.batchItemFailures).toHaveLength(1);
    expect(await countOf(date)).toBe(200);
    expect(await deliver(fx(), transformDeps(fx()), [next])).toEqual({ batchItemFailures: [] });
    const seen = await reader.stop();
    expect(await countOf(date)).toBe(300);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((n) => n !== 200 && n !== 300)).toEqual([]);
  });

  it('a crash after the commit and before the message is deleted: the retry is a no-op and the ledger has the commit once', async () => {
    const date = '2026-09-02';
    const msg = await seedManifest(fx(), date, [
      { name: 'a.ndjson', body: toNdjson(appEvents(150, { date, seed: 22 })) },
    ]);
    const crash = crashOnce();
    const reader = pollReader(date);
    const failed = await deliver(fx(), transformDeps(fx(), {}, { afterCommit: crash.hook }), [msg]);
    expect(failed.batchItemFailures).toHaveLength(1);
    // Committed but not in the ledger: the table property carries it until the next writer.
    expect(await countOf(date)).toBe(150);
    expect(await deliver(fx(), transformDeps(fx()), [msg])).toEqual({ batchItemFailures: [] });
    const seen = await reader.stop();
    expect(await countOf(date)).toBe(150);
    expect(seen.filter((n) => n !== 0 && n !== 150)).toEqual([]);
    const commits = await commitsOfDate(fx().backend.clients.ddb, fx().names.tables.metrics, date);
    expect(commits.map((c) => c.runId)).toEqual([msg.manifestId]);
  });

  it('two runtimes committing manifests of the same and of different dates at once lose no commit and double no row', async () => {
    const [d1, d2] = ['2026-09-03', '2026-09-04'];
    const seeds = [
      [d1, 0],
      [d1, 100],
      [d1, 200],
      [d2, 0],
      [d2, 100],
    ] as const;
    const msgs = [];
    for (const [date, start] of seeds) {
      msgs.push(
        await seedManifest(fx(), date, [
          { name: `f-${start}.ndjson`, body: toNdjson(appEvents(100, { date, seed: 23 }, start)) },
        ]),
      );
    }
    const snapshotCount = async (): Promise<number> => {
      const [r] = await tableQuery(
        fx().backend.target,
        fx().names.iceberg.namespace,
        `SELECT count(*) AS n FROM iceberg_snapshots(lake."${fx().names.iceberg.namespace}"."app")`,
      );
      return Number(r?.n);
    };
    const before = await snapshotCount();
    const runtimes = [transformDeps(fx()), transformDeps(fx())];
    const outcomes = await Promise.all(
      msgs.map((m, i) => processManifestMessage(runtimes[i % 2]!, m)),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
    expect(await countOf(d1)).toBe(300);
    expect(await countOf(d2)).toBe(200);
    const [ids] = await tableQuery(
      fx().backend.target,
      fx().names.iceberg.namespace,
      `SELECT count(*) AS n, count(DISTINCT event_id || CAST(ingestion_date AS VARCHAR)) AS k FROM curated WHERE ingestion_date IN (DATE '${d1}', DATE '${d2}')`,
    );
    expect(ids).toEqual({ n: '500', k: '500' });
    // One snapshot per manifest: none lost, none made twice.
    expect((await snapshotCount()) - before).toBe(5);
    const ledger = [
      ...(await commitsOfDate(fx().backend.clients.ddb, fx().names.tables.metrics, d1)),
      ...(await commitsOfDate(fx().backend.clients.ddb, fx().names.tables.metrics, d2)),
    ];
    expect(ledger.map((c) => c.runId).sort()).toEqual(msgs.map((m) => m.manifestId).sort());
  });
});

describe('transform: a commit the catalog acknowledges but does not keep', () => {
  it('is detected by reading the commit back, and the retried run lands it once', async () => {
    const date = '2026-09-05';
    const endpoint = fx().backend.target.catalogEndpoint!;
    const path = `${endpoint}/v1/namespaces/${fx().names.iceberg.namespace}/tables/app`;
    const base = await seedManifest(fx(), date, [
      { name: 'a.ndjson', body: toNdjson(appEvents(100, { date, seed: 24 })) },
    ]);
    await deliver(fx(), transformDeps(fx()), [base]);
    // Snapshot ids are 64-bit: kept as text, JSON numbers would round them.
    const raw = await (await fetch(path)).text();
    const snapshotId = /"current-snapshot-id"\s*:\s*(\d+)/.exec(raw)![1]!;
    const before = JSON.parse(raw) as { metadata: { properties: Record<string, string> } };
    const next = await seedManifest(fx(), date, [
      { name: 'b.ndjson', body: toNdjson(appEvents(50, { date, seed: 24 }, 100)) },
    ]);
    // Right after COMMIT returns, the catalog "loses" it: main and the property go back.
    let lost = false;
    const loseIt = async (): Promise<void> => {
      if (lost) return;
      lost = true;
      const res = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          requirements: [],
          updates: [
            { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': 0 },
            { action: 'set-properties', updates: before.metadata.properties },
          ],
        }).replace('"snapshot-id":0', `"snapshot-id":${snapshotId}`),
      });
      expect(res.status).toBe(200);
    };
    const failed = await deliver(fx(), transformDeps(fx(), {}, { afterCommit: loseIt }), [next]);
    expect(lost).toBe(true);
    expect(failed.batchItemFailures).toHaveLength(1);
    expect(await countOf(date)).toBe(100);
    const ledger = await commitsOfDate(fx().backend.clients.ddb, fx().names.tables.metrics, date);
    expect(ledger.map((c) => c.runId)).toEqual([base.manifestId]);
    expect(await deliver(fx(), transformDeps(fx()), [next])).toEqual({ batchItemFailures: [] });
    expect(await countOf(date)).toBe(150);
  });
});
