import { commitsOfDate } from '../../../handlers/lib/tracking/commit-log';
import { appEvent, appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { tableQuery } from '../../helpers/table-rows';
import { deliver, readRunMetrics, seedManifest, transformDeps } from './support';

const fx = usePipeline();

/** Rows and distinct event ids of one date, read through the catalog. */
async function dateCounts(date: string): Promise<{ rows: number; ids: number }> {
  const [r] = await tableQuery(
    fx().backend.target,
    fx().names.iceberg.namespace,
    `SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM curated WHERE ingestion_date = DATE '${date}'`,
  );
  return { rows: Number(r?.n), ids: Number(r?.ids) };
}

const lenient = {
  DQ_RULES: JSON.stringify([
    { kind: 'min_rows', id: 'rows_present', min: 1 },
    { kind: 'max_duplicate_rate', id: 'dups', column: 'event_id', max: 1 },
  ]),
};

describe('transform: every manifest merges into its date in one Iceberg commit, exactly once', () => {
  it('the same 50 events re-sent under another file name stay 50 rows, counted as 50 duplicates', async () => {
    const date = '2026-10-01';
    const events = appEvents(50, { date, seed: 11 });
    const deps = transformDeps(fx(), lenient);
    const first = await seedManifest(fx(), date, [
      { name: 'morning.ndjson', body: toNdjson(events) },
    ]);
    const again = await seedManifest(fx(), date, [
      { name: 'resent.ndjson', body: toNdjson(events) },
    ]);
    expect(await deliver(fx(), deps, [first])).toEqual({ batchItemFailures: [] });
    expect(await deliver(fx(), deps, [again])).toEqual({ batchItemFailures: [] });
    expect(await dateCounts(date)).toEqual({ rows: 50, ids: 50 });
    const m2 = await readRunMetrics(fx(), date, again.manifestId);
    expect(m2.rows).toMatchObject({ accepted: 50, duplicates: 50, output: 0 });
  });

  it('with the default rules the date-wide duplicate rate refuses the re-send, and nothing of it is committed', async () => {
    const date = '2026-10-02';
    const events = appEvents(100, { date, seed: 12 });
    const deps = transformDeps(fx());
    const first = await seedManifest(fx(), date, [{ name: 'a.ndjson', body: toNdjson(events) }]);
    // 10 new events and 5 seen in the first manifest: 5 duplicates over 105 rows is 4.8% > 2%.
    const more = [...appEvents(10, { date, seed: 12 }, 100), ...events.slice(0, 5)];
    const second = await seedManifest(fx(), date, [{ name: 'b.ndjson', body: toNdjson(more) }]);
    await deliver(fx(), deps, [first]);
    await deliver(fx(), deps, [second]);
    const m2 = await readRunMetrics(fx(), date, second.manifestId);
    expect(m2.status).toBe('failed');
    expect(m2.reasons.join(' ')).toMatch(/5 duplicate event_id rows/);
    expect(await dateCounts(date)).toEqual({ rows: 100, ids: 100 });
  });

  it('55 files over two manifests sharing one id give 549 rows for 549 events', async () => {
    const date = '2026-10-03';
    const deps = transformDeps(fx());
    const files = Array.from({ length: 55 }, (_, i) => {
      const events = appEvents(10, { date, seed: 13 }, i * 10);
      // The last file repeats the first file's first event.
      if (i === 54) events[9] = appEvent(0, { date, seed: 13 });
      return { name: `f-${String(i).padStart(2, '0')}.ndjson`, body: toNdjson(events) };
    });
    const m1 = await seedManifest(fx(), date, files.slice(0, 50));
    const m2 = await seedManifest(fx(), date, files.slice(50));
    await deliver(fx(), deps, [m1]);
    await deliver(fx(), deps, [m2]);
    expect(await dateCounts(date)).toEqual({ rows: 549, ids: 549 });
    expect((await readRunMetrics(fx(), date, m2.manifestId)).rows.duplicates).toBe(1);
  });

  it("a corrected re-upload of a key replaces that key's rows in the same commit", async () => {
    const date = '2026-10-04';
    const deps = transformDeps(fx());
    const original = appEvents(20, { date, seed: 14 });
    const corrected = original.map((e) => ({ ...e, user_id: 'fixed' }));
    const other = appEvents(5, { date, seed: 15 });
    const m1 = await seedManifest(fx(), date, [
      { name: 'day.ndjson', body: toNdjson(original) },
      { name: 'other.ndjson', body: toNdjson(other) },
    ]);
    await deliver(fx(), deps, [m1]);
    const m2 = await seedManifest(fx(), date, [{ name: 'day.ndjson', body: toNdjson(corrected) }]);
    await deliver(fx(), deps, [m2]);
    const rows = await tableQuery(
      fx().backend.target,
      fx().names.iceberg.namespace,
      `SELECT user_id, _manifest_id AS m, count(*) AS n FROM curated WHERE ingestion_date = DATE '${date}' AND _source_file LIKE '%day.ndjson' GROUP BY ALL`,
    );
    expect(rows).toEqual([{ user_id: 'fixed', m: m2.manifestId, n: '20' }]);
    expect(await dateCounts(date)).toEqual({ rows: 25, ids: 25 });
    const commits = await commitsOfDate(fx().backend.clients.ddb, fx().names.tables.metrics, date);
    expect(commits.map((c) => [c.runId, c.rowsAdded, c.rowsRemoved])).toEqual([
      [m1.manifestId, 25, 0],
      [m2.manifestId, 20, 20],
    ]);
  });

  it('a late file merges into its date with no duplicate, and a redelivered manifest is a no-op', async () => {
    const date = '2026-10-05';
    const deps = transformDeps(fx());
    const events = appEvents(110, { date, seed: 16 });
    const m1 = await seedManifest(fx(), date, [
      { name: 'a.ndjson', body: toNdjson(events.slice(0, 100)) },
    ]);
    await deliver(fx(), deps, [m1]);
    // The late file carries 10 new events and one already curated.
    const late = await seedManifest(fx(), date, [
      { name: 'late.ndjson', body: toNdjson([...events.slice(100), events[0]!]) },
    ]);
    await deliver(fx(), deps, [late]);
    await deliver(fx(), deps, [m1, late]);
    expect(await dateCounts(date)).toEqual({ rows: 110, ids: 110 });
    const commits = await commitsOfDate(fx().backend.clients.ddb, fx().names.tables.metrics, date);
    expect(commits).toHaveLength(2);
    expect((await readRunMetrics(fx(), date, late.manifestId)).output).toMatchObject({
      rowsAdded: 10,
      alreadyCommitted: true,
    });
  });

  it('keeps the same copy of a duplicated event whichever order the manifests commit in', async () => {
    const deps = transformDeps(fx(), lenient);
    const rowsOf = (date: string): Promise<unknown[]> =>
      tableQuery(
        fx().backend.target,
        fx().names.iceberg.namespace,
        `SELECT * EXCLUDE (_manifest_id, _ingested_at, ingestion_date, _source_file), regexp_extract(_source_file, '[^/]+$') AS file FROM curated WHERE ingestion_date = DATE '${date}' ORDER BY event_id`,
      );
    const [d1, d2] = ['2026-10-06', '2026-10-07'];
    const events = appEvents(60, { date: d1, seed: 17 });
    // A verbatim copy of event 5 in the second file, and an earlier-timed copy of event 6.
    const early = { ...events[6]!, event_ts: `${d1}T00:00:00.000Z`, user_id: 'early' };
    const a = toNdjson(events.slice(0, 40));
    const b = toNdjson([...events.slice(40), events[5]!, early]);
    for (const [date, order] of [
      [d1, ['a', 'b']],
      [d2, ['b', 'a']],
    ] as const) {
      const bodies = { a, b };
      for (const name of order) {
        const m = await seedManifest(fx(), date, [{ name: `${name}.ndjson`, body: bodies[name] }]);
        expect(await deliver(fx(), deps, [m])).toEqual({ batchItemFailures: [] });
      }
    }
    const first = await rowsOf(d1);
    expect(first).toHaveLength(60);
    expect(await rowsOf(d2)).toEqual(first);
    const kept = first.find((r) => (r as { event_id: string }).event_id === events[6]!.event_id);
    expect(kept).toMatchObject({ user_id: 'early' });
  });
});
