import { objectKeys } from '../../../handlers/lib/object-keys';
import { listKeys } from '../../../handlers/transform/io/s3-files';
import { currentGeneration } from '../../../handlers/transform/partition-generation';
import { rebuildRunId } from '../../../handlers/transform/process-message';
import { appEvent, appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { deliver, queryObjects, readRunMetrics, seedManifest, transformDeps } from './support';

const fx = usePipeline();
const DATE = '2026-11-24';
const rules = { DQ_RULES: JSON.stringify([{ kind: 'min_rows', id: 'rows_present', min: 1 }]) };

describe('transform: partition rebuild', () => {
  it('reprocesses every tracked file of the date, dedups across it, then retires the old generation', async () => {
    const names = fx().names;
    const s3 = fx().backend.clients.s3;
    const deps = transformDeps(fx(), rules);
    const first = appEvents(10, { date: DATE, seed: 11 });
    // A late copy of first[0] with an earlier time: kept by the rebuild's date-wide dedup.
    const late = { ...first[0]!, event_ts: `${DATE}T00:00:01.000Z`, user_id: 'late-copy' };
    const a = await seedManifest(fx(), DATE, [{ name: 'a.json', body: toNdjson(first) }]);
    const b = await seedManifest(fx(), DATE, [
      { name: 'b.json', body: toNdjson([late, appEvent(50, { date: DATE, seed: 11 })]) },
    ]);
    expect(await deliver(fx(), deps, [a, b])).toEqual({ batchItemFailures: [] });
    const partition = objectKeys.curatedPartition(DATE);
    expect(await listKeys(s3, names.buckets.curated, partition)).toHaveLength(2);

    const requestedAt = '2026-11-25T08:00:00.000Z';
    const rebuild = { kind: 'rebuild' as const, ingestionDate: DATE, requestedAt };
    expect(await deliver(fx(), deps, [rebuild])).toEqual({ batchItemFailures: [] });

    const runId = rebuildRunId(requestedAt);
    const key = objectKeys.curatedPart(DATE, runId);
    expect(await listKeys(s3, names.buckets.curated, partition)).toEqual([key]);
    const [row] = await queryObjects(
      fx(),
      [{ bucket: names.buckets.curated, key }],
      ([p]) =>
        `SELECT count(*) AS n, count(DISTINCT event_id) AS ids, max(user_id) FILTER (WHERE event_id = '${first[0]!.event_id}') AS kept FROM '${p}'`,
    );
    expect(row).toEqual({ n: '11', ids: '11', kept: 'late-copy' });

    const gen = await currentGeneration(fx().backend.clients.ddb, names.tables.metrics, DATE);
    expect(gen).toMatchObject({ generation: runId, curatedKeys: [key], rows: 11 });
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
    expect(await listKeys(s3, names.buckets.curated, partition)).toEqual([key]);

    // Rerunning the same rebuild converges on the same single object.
    expect(await deliver(fx(), deps, [rebuild])).toEqual({ batchItemFailures: [] });
    expect(await listKeys(s3, names.buckets.curated, partition)).toEqual([key]);
  });
});
