/**
 * Late-arriving data end to end on the embedded emulator: a raw file for a date that already
 * has curated data goes through the normal flow (notification, builder, transform) into that
 * date's partition, `pipeline status` lists the date, and a backfill folds it in with the
 * date-wide dedup, leaving one generation and no duplicate event ids.
 */
import { collectStatus } from '../../../scripts/ops/status/collect';
import { runBackfill } from '../../../scripts/ops/backfill/run-backfill';
import { appEvent, appEvents, toNdjson } from '../../fixtures/app-events';
import {
  IMMEDIATE_MANIFESTS,
  curatedKeys,
  lastCommitOf,
  putRaw,
  queryCurated,
  runtimeWith,
} from '../../fixtures/ops-pipeline';
import { usePipeline } from '../../helpers/pipeline';
import { scaled } from '../../helpers/time-scale';

jest.setTimeout(scaled(240_000));
const fx = usePipeline();
const DATE = '2026-10-05';
const OTHER = '2026-10-06';
const window = { days: 14 };

const statusDeps = () => ({
  sqs: fx().backend.clients.sqs,
  ddb: fx().backend.clients.ddb,
  names: fx().names,
});

async function drain(): Promise<void> {
  const runtime = runtimeWith(fx(), IMMEDIATE_MANIFESTS);
  try {
    await runtime.runUntilIdle({ fireSchedules: false, timeoutMs: scaled(120_000) });
  } finally {
    await runtime.stop();
  }
}

const counts = (date = DATE) =>
  queryCurated(fx(), date, 'SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM events');

describe('late-arriving data', () => {
  const first = appEvents(100, { date: DATE, seed: 5 });

  it('lands in the date partition, shows in status, and a backfill folds it in without duplicates', async () => {
    await putRaw(fx(), DATE, 'morning.ndjson', toNdjson(first));
    await putRaw(fx(), OTHER, 'other.ndjson', toNdjson(appEvents(40, { date: OTHER, seed: 6 })));
    await drain();
    expect(await curatedKeys(fx(), DATE)).toHaveLength(1);
    let status = await collectStatus(statusDeps(), window);
    expect(status.lateDates).toEqual([]);
    expect(status.dates.find((d) => d.date === DATE)).toMatchObject({
      files: { DONE: 1, PENDING: 0 },
      manifests: { DONE: 1 },
      generation: null,
      late: null,
    });

    // A late file: 19 new events and one re-sent event of the first file.
    const late = [
      ...appEvents(19, { date: DATE, seed: 5 }, 100),
      appEvent(7, { date: DATE, seed: 5 }),
    ];
    await putRaw(fx(), DATE, 'late.ndjson', toNdjson(late));
    await drain();
    // Normal flow: merged into its date by its own commit, the re-sent event a duplicate.
    expect(await curatedKeys(fx(), DATE)).toHaveLength(2);
    expect(await counts()).toEqual([{ n: '119', ids: '119' }]);

    status = await collectStatus(statusDeps(), window);
    expect(status.lateDates).toEqual([DATE]);
    const lateDate = status.dates.find((d) => d.date === DATE)!;
    expect(lateDate.late).toMatchObject({
      files: 1,
      reference: { basis: 'first-curated' },
      manifests: [],
    });
    expect(lateDate.files.DONE).toBe(2);

    const runtime = runtimeWith(fx(), IMMEDIATE_MANIFESTS);
    runtime.start();
    let report;
    try {
      report = await runBackfill(statusDeps(), {
        from: DATE,
        to: DATE,
        timeoutMs: scaled(120_000),
        pollMs: 250,
      });
    } finally {
      await runtime.stop();
    }
    expect(report.dates).toHaveLength(1);
    expect(report.dates[0]).toMatchObject({
      date: DATE,
      files: 2,
      action: 'rebuild',
      result: { status: 'passed', run: { rowsOutput: 119, rowsDuplicate: 1 } },
    });
    // The rebuild replaced the date in one commit.
    expect(await lastCommitOf(fx(), DATE)).toMatchObject({
      kind: 'replace',
      runId: expect.stringMatching(/^rebuild-/) as unknown,
      rowsAdded: 119,
      rowsRemoved: 119,
    });
    expect(await counts()).toEqual([{ n: '119', ids: '119' }]);
    // The other date was not touched.
    expect(await counts(OTHER)).toEqual([{ n: '40', ids: '40' }]);

    status = await collectStatus(statusDeps(), window);
    expect(status.lateDates).toEqual([]);
    expect(status.dates.find((d) => d.date === DATE)!.generation).toMatchObject({ rows: 119 });
    expect(status.runs[0]).toMatchObject({ date: DATE, kind: 'rebuild', status: 'passed' });

    // Late again after the rebuild: counted since the rebuild, its manifest outside the generation.
    await putRaw(fx(), DATE, 'later.ndjson', toNdjson(appEvents(5, { date: DATE, seed: 5 }, 200)));
    await drain();
    status = await collectStatus(statusDeps(), window);
    expect(status.lateDates).toEqual([DATE]);
    expect(status.dates.find((d) => d.date === DATE)!.late).toMatchObject({
      files: 1,
      reference: { basis: 'rebuild' },
      manifests: [expect.any(String)],
    });
  });

  it('leaves a file still pending during a rebuild to its own manifest (no duplicate rows), flags the date, and backfill folds it in', async () => {
    const date = '2026-10-07';
    await putRaw(fx(), date, 'first.ndjson', toNdjson(appEvents(50, { date, seed: 9 })));
    await drain();
    // A file that waits for its manifest (default flush age) while the date is rebuilt.
    await putRaw(fx(), date, 'waiting.ndjson', toNdjson(appEvents(10, { date, seed: 9 }, 50)));
    const builder = runtimeWith(fx());
    try {
      await builder.runUntilIdle({ fireSchedules: false, timeoutMs: scaled(120_000) });
    } finally {
      await builder.stop();
    }
    const backfill = async () => {
      const runtime = runtimeWith(fx());
      runtime.start();
      try {
        return await runBackfill(statusDeps(), {
          from: date,
          to: date,
          timeoutMs: scaled(120_000),
          pollMs: 250,
        });
      } finally {
        await runtime.stop();
      }
    };
    expect((await backfill()).dates[0]).toMatchObject({ files: 2, result: { status: 'passed' } });
    // The scheduled flush manifests the waiting file; the transform adds its part beside the
    // generation. The rebuild left the pending file to that manifest, so its rows are there once
    // (60 rows, 60 ids); status still flags the date: a part outside its current generation.
    const flush = runtimeWith(fx(), IMMEDIATE_MANIFESTS);
    try {
      await flush.runUntilIdle({ timeoutMs: scaled(120_000) });
    } finally {
      await flush.stop();
    }
    const [mixed] = await counts(date);
    expect(mixed).toEqual({ n: '60', ids: '60' });
    const status = await collectStatus(statusDeps(), window);
    expect(status.lateDates).toContain(date);
    expect(status.dates.find((d) => d.date === date)!.late).toMatchObject({
      files: 0,
      manifests: [expect.any(String)],
    });

    await backfill();
    expect(await counts(date)).toEqual([{ n: '60', ids: '60' }]);
    expect((await collectStatus(statusDeps(), window)).lateDates).not.toContain(date);
  });
});
