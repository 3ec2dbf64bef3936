/**
 * `pipeline backfill` core on the embedded emulator: one date at a time through the transform's
 * rebuild, stopping at the first date that fails a hard DQ rule, resuming after the fix, and
 * resuming after an interruption at any step (fault hooks) without redoing finished dates.
 */
import { lockHolders } from '../../../handlers/lib/tracking/status-queries';
import { currentGeneration } from '../../../handlers/transform/partition-generation';
import { BackfillStoppedError } from '../../../scripts/ops/backfill/errors';
import { backfillRecordId } from '../../../scripts/ops/backfill/progress';
import {
  planBackfill,
  runBackfill,
  type BackfillHooks,
} from '../../../scripts/ops/backfill/run-backfill';
import type { LocalRuntime } from '../../../scripts/local/runtime/runtime';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import {
  IMMEDIATE_MANIFESTS,
  lastCommitOf,
  putRaw,
  queryCurated,
  runtimeWith,
} from '../../fixtures/ops-pipeline';
import { usePipeline } from '../../helpers/pipeline';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { scaled } from '../../helpers/time-scale';

jest.setTimeout(scaled(300_000));
const fx = usePipeline();
const [D1, D2, D3, D4] = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04'];

/** The fix: the contract now accepts the new event type `refund`. */
const RULES_WITH_REFUND = JSON.stringify(
  contractFor('app').dq.map((r) =>
    r.kind === 'accepted_values' ? { ...r, values: [...r.values, 'refund'] } : r,
  ),
);

const deps = (hooks?: BackfillHooks) => ({
  sqs: fx().backend.clients.sqs,
  ddb: fx().backend.clients.ddb,
  names: fx().names,
  ...(hooks ? { hooks } : {}),
});

async function withRuntime<T>(runtime: LocalRuntime, f: () => Promise<T>): Promise<T> {
  runtime.start();
  try {
    return await f();
  } finally {
    await runtime.stop();
  }
}

const generationOf = (date: string) =>
  currentGeneration(fx().backend.clients.ddb, fx().names.tables.metrics, date);

const options = { timeoutMs: scaled(120_000), pollMs: 250 };

beforeAll(async () => {
  await putRaw(fx(), D1, 'a.ndjson', toNdjson(appEvents(30, { date: D1, seed: 1 })));
  const refunds = appEvents(50, { date: D2, seed: 2 }).map((e, i) =>
    i % 10 === 0 ? { ...e, event_type: 'refund' } : e,
  );
  await putRaw(fx(), D2, 'b.ndjson', toNdjson(refunds));
  await putRaw(fx(), D3, 'c.ndjson', toNdjson(appEvents(20, { date: D3, seed: 3 })));
  const runtime = runtimeWith(fx(), IMMEDIATE_MANIFESTS);
  try {
    await runtime.runUntilIdle({ fireSchedules: false, timeoutMs: scaled(120_000) });
  } finally {
    await runtime.stop();
  }
});

describe('backfill', () => {
  it('plans without changing anything: tracked files per date, dates without files skipped', async () => {
    const { plan, resumesFrom } = await planBackfill(deps(), D1, D4);
    expect(resumesFrom).toBeUndefined();
    expect(plan.map((p) => [p.date, p.files, p.action])).toEqual([
      [D1, 1, 'rebuild'],
      [D2, 1, 'rebuild'],
      [D3, 1, 'rebuild'],
      [D4, 0, 'skip-no-files'],
    ]);
    expect(await generationOf(D1)).toBeUndefined();
  });

  it('stops at the first date that fails a hard DQ rule, then resumes there after the fix', async () => {
    const failing = withRuntime(runtimeWith(fx(), IMMEDIATE_MANIFESTS), () =>
      runBackfill(deps(), { from: D1, to: D4, ...options }),
    );
    await expect(failing).rejects.toThrow(BackfillStoppedError);
    await expect(failing).rejects.toThrow(
      new RegExp(
        `^backfill stopped at ${D2}: rebuild rebuild-\\d+ failed \\(event_type_allowed\\).*2 later date\\(s\\) not started \\(${D3}\\.\\.${D4}\\).*resume at ${D2}`,
      ),
    );
    const first = await generationOf(D1);
    expect(first).toBeDefined();
    expect(await generationOf(D2)).toBeUndefined();
    expect(await generationOf(D3)).toBeUndefined();
    const locks = await lockHolders(
      { ddb: fx().backend.clients.ddb, table: fx().names.tables.locks },
      new Date(),
    );
    expect(locks.find((l) => l.lockId === backfillRecordId(D1, D4))?.details).toMatchObject({
      status: 'failed',
      current_date: D2,
    });

    const fixed = runtimeWith(fx(), {
      ...IMMEDIATE_MANIFESTS,
      transform: { DQ_RULES: RULES_WITH_REFUND },
    });
    const report = await withRuntime(fixed, () =>
      runBackfill(deps(), { from: D1, to: D4, ...options }),
    );
    expect(report.resumed).toBe(true);
    expect(report.dates.map((d) => [d.date, d.action, d.result?.status])).toEqual([
      [D1, 'skip-rebuilt', undefined],
      [D2, 'rebuild', 'passed'],
      [D3, 'rebuild', 'passed'],
      [D4, 'skip-no-files', undefined],
    ]);
    // D1 was not rebuilt again; D2 now has its 50 rows, in one generation object.
    expect((await generationOf(D1))?.generation).toBe(first!.generation);
    expect(await lastCommitOf(fx(), D2)).toMatchObject({
      kind: 'replace',
      runId: (await generationOf(D2))!.generation,
    });
    expect(
      await queryCurated(
        fx(),
        D2,
        "SELECT count(*) AS n, count(*) FILTER (WHERE event_type = 'refund') AS refunds FROM events",
      ),
    ).toEqual([{ n: '50', refunds: '5' }]);
    // Finished: the same command starts a new backfill instead of resuming.
    expect((await planBackfill(deps(), D1, D4)).resumesFrom).toBeUndefined();
  });

  it('resumes at the next date after an interruption following a finished date', async () => {
    const rules = { ...IMMEDIATE_MANIFESTS, transform: { DQ_RULES: RULES_WITH_REFUND } };
    const before = await generationOf(D1);
    const interrupted = withRuntime(runtimeWith(fx(), rules), () =>
      runBackfill(
        deps({
          afterDateDone: (date) =>
            date === D1 ? Promise.reject(new Error('interrupted after D1')) : Promise.resolve(),
        }),
        { from: D1, to: D3, ...options },
      ),
    );
    await expect(interrupted).rejects.toThrow('interrupted after D1');
    const d1 = await generationOf(D1);
    expect(d1!.generation).not.toBe(before!.generation);
    const d2Before = await generationOf(D2);

    const report = await withRuntime(runtimeWith(fx(), rules), () =>
      runBackfill(deps(), { from: D1, to: D3, ...options }),
    );
    expect(report.dates.map((d) => [d.date, d.action])).toEqual([
      [D1, 'skip-rebuilt'],
      [D2, 'rebuild'],
      [D3, 'rebuild'],
    ]);
    expect((await generationOf(D1))!.generation).toBe(d1!.generation);
    expect((await generationOf(D2))!.generation).not.toBe(d2Before!.generation);
  });

  it('converges when interrupted between sending a rebuild and seeing it finish', async () => {
    const rules = { ...IMMEDIATE_MANIFESTS, transform: { DQ_RULES: RULES_WITH_REFUND } };
    const crashed = withRuntime(runtimeWith(fx(), rules), () =>
      runBackfill(
        deps({
          afterRebuildRequested: (date) =>
            date === D3 ? Promise.reject(new Error('crashed after sending')) : Promise.resolve(),
        }),
        { from: D3, to: D3, ...options },
      ),
    );
    await expect(crashed).rejects.toThrow('crashed after sending');
    const report = await withRuntime(runtimeWith(fx(), rules), () =>
      runBackfill(deps(), { from: D3, to: D3, ...options }),
    );
    expect(report.resumed).toBe(true);
    // Whether the first request finished before the resume read the generation or not, the
    // date ends with exactly one generation object holding its 20 rows once.
    expect(['skip-rebuilt', 'rebuild']).toContain(report.dates[0]!.action);
    expect(await lastCommitOf(fx(), D3)).toMatchObject({
      kind: 'replace',
      runId: (await generationOf(D3))!.generation,
    });
    expect(
      await queryCurated(
        fx(),
        D3,
        'SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM events',
      ),
    ).toEqual([{ n: '20', ids: '20' }]);
  });
});
