import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitsOfDate } from '../../../handlers/lib/tracking/commit-log';
import { currentGeneration } from '../../../handlers/transform/partition-generation';
import { rebuildRunId } from '../../../handlers/transform/process-message';
import { appEvent, appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { tableQuery } from '../../helpers/table-rows';
import { deliver, readRunMetrics, seedManifest, transformDeps } from './support';

const fx = usePipeline();
const DATE = '2026-11-24';
const rules = { DQ_RULES: JSON.stringify([{ kind: 'min_rows', id: 'rows_present', min: 1 }]) };

describe('transform: partition rebuild', () => {
  it('reprocesses every tracked file of the date in one replace commit, with the rows the merges kept', async () => {
    const names = fx().names;
    // Raw files are downloaded one at a time and deleted once staged: after staging, none is left.
    const tempDir = mkdtempSync(join(tmpdir(), 'rebuild-it-'));
    const leftAfterStaging: string[][] = [];
    const deps = transformDeps(
      fx(),
      { ...rules, TRANSFORM_TMP_DIR: tempDir },
      {
        afterStaging: () => {
          const runs = readdirSync(tempDir);
          leftAfterStaging.push(
            runs.flatMap((r) =>
              readdirSync(join(tempDir, r)).filter((f) => f.startsWith('input-')),
            ),
          );
          return Promise.resolve();
        },
      },
    );
    const first = appEvents(10, { date: DATE, seed: 11 });
    // A late copy of first[0] with an earlier time: kept by the rebuild's date-wide dedup.
    const late = { ...first[0]!, event_ts: `${DATE}T00:00:01.000Z`, user_id: 'late-copy' };
    const a = await seedManifest(fx(), DATE, [{ name: 'a.json', body: toNdjson(first) }]);
    const b = await seedManifest(fx(), DATE, [
      { name: 'b.json', body: toNdjson([late, appEvent(50, { date: DATE, seed: 11 })]) },
    ]);
    expect(await deliver(fx(), deps, [a, b])).toEqual({ batchItemFailures: [] });
    const dateState = async (): Promise<unknown> => {
      const [row] = await tableQuery(
        fx().backend.target,
        names.iceberg.namespace,
        `SELECT count(*) AS n, count(DISTINCT event_id) AS ids, max(user_id) FILTER (WHERE event_id = '${first[0]!.event_id}') AS kept FROM curated WHERE ingestion_date = DATE '${DATE}'`,
      );
      return row;
    };
    // The merges already kept the earlier-timed copy.
    expect(await dateState()).toEqual({ n: '11', ids: '11', kept: 'late-copy' });
    const snapshots = (): Promise<unknown[]> =>
      tableQuery(
        fx().backend.target,
        names.iceberg.namespace,
        `SELECT snapshot_id FROM iceberg_snapshots(lake."${names.iceberg.namespace}"."app")`,
      );
    const beforeRebuild = (await snapshots()).length;

    const requestedAt = '2026-11-25T08:00:00.000Z';
    const rebuild = { kind: 'rebuild' as const, ingestionDate: DATE, requestedAt };
    expect(await deliver(fx(), deps, [rebuild])).toEqual({ batchItemFailures: [] });

    const runId = rebuildRunId(requestedAt);
    expect(leftAfterStaging.length).toBeGreaterThanOrEqual(3);
    expect(leftAfterStaging.flat()).toEqual([]);
    expect(await dateState()).toEqual({ n: '11', ids: '11', kept: 'late-copy' });
    // One replace commit: a delete and an append snapshot in one catalog commit.
    expect((await snapshots()).length - beforeRebuild).toBe(2);
    const commits = await commitsOfDate(fx().backend.clients.ddb, names.tables.metrics, DATE);
    expect(commits.at(-1)).toMatchObject({
      runId,
      kind: 'replace',
      rowsAdded: 11,
      rowsRemoved: 11,
    });

    const gen = await currentGeneration(fx().backend.clients.ddb, names.tables.metrics, DATE);
    expect(gen).toMatchObject({ generation: runId, rows: 11 });
    expect([...gen!.coveredManifestIds].sort()).toEqual([a.manifestId, b.manifestId].sort());
    const metrics = await readRunMetrics(fx(), DATE, runId);
    expect(metrics).toMatchObject({
      kind: 'rebuild',
      status: 'passed',
      rows: { read: 12, duplicates: 1, output: 11 },
    });

    // A redelivered manifest the generation already contains adds nothing.
    expect(await deliver(fx(), deps, [a])).toEqual({ batchItemFailures: [] });
    // An older rebuild request arriving late does not replace the newer generation.
    const stale = { ...rebuild, requestedAt: '2026-11-25T07:00:00.000Z' };
    expect(await deliver(fx(), deps, [stale])).toEqual({ batchItemFailures: [] });
    // Rerunning the same rebuild is a no-op (its commit is in the ledger).
    const settled = (await snapshots()).length;
    expect(await deliver(fx(), deps, [rebuild])).toEqual({ batchItemFailures: [] });
    expect((await snapshots()).length).toBe(settled);
    expect(await dateState()).toEqual({ n: '11', ids: '11', kept: 'late-copy' });
    rmSync(tempDir, { recursive: true, force: true });
  });
});
