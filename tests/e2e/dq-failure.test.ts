/**
 * A data-quality failure on one date, through the whole local flow: the other date's new data
 * is curated, the failing date's previously curated rows stay exactly as they were, and the
 * failure is alerted with the date and the run.
 */
import { MANIFEST_STATUS } from '../../handlers/lib/tracking/statuses';
import { appEvents, toNdjson } from '../fixtures/app-events';
import { withFunctionEnv } from '../helpers/chaos/chaos-env';
import { curatedRows } from '../helpers/curated-rows';
import { usePipeline } from '../helpers/pipeline';
import { subscribeToAlerts } from './support/alerts';
import { drainPipeline } from './support/drain';
import { quietEnv } from './support/environments';
import { putRawFile, rowsOfDateSql } from './support/raw-files';
import { dateTracking } from './support/tracking';

const fx = usePipeline();
const GOOD = '2026-05-11';
const FAILING = '2026-05-12';

describe('end to end: a DQ failure on one date', () => {
  it('curates the other dates, keeps the failing date’s previous data and alerts', async () => {
    const { clients } = fx().backend;
    const names = fx().names;
    const deployment = withFunctionEnv(fx().deployment, quietEnv(fx().deployment));
    const alerts = await subscribeToAlerts(clients, deployment, 'e2e-dq-alerts');
    const bucket = names.buckets.raw;
    const dates = [GOOD, FAILING];
    const rowsOf = (date: string) => curatedRows(clients, names, { sql: rowsOfDateSql(date) });

    // First delivery: both dates pass.
    await putRawFile(clients, bucket, {
      date: GOOD,
      name: 'a-1.ndjson',
      body: toNdjson(appEvents(40, { seed: 1, date: GOOD })),
    });
    await putRawFile(clients, bucket, {
      date: FAILING,
      name: 'b-1.ndjson',
      body: toNdjson(appEvents(40, { seed: 2, date: FAILING })),
    });
    await drainPipeline(deployment, clients, { dates });
    const goodBefore = await rowsOf(GOOD);
    const failingBefore = await rowsOf(FAILING);
    expect([goodBefore.length, failingBefore.length]).toEqual([40, 40]);

    // Second delivery: the failing date's new file has a third of its user ids null (> 3%).
    await putRawFile(clients, bucket, {
      date: GOOD,
      name: 'a-2.ndjson',
      body: toNdjson(appEvents(30, { seed: 3, date: GOOD }, 100)),
    });
    const nullUsers = appEvents(30, { seed: 4, date: FAILING }, 100).map((e, i) =>
      i % 3 === 0 ? { ...e, user_id: null } : e,
    );
    await putRawFile(clients, bucket, {
      date: FAILING,
      name: 'b-2.ndjson',
      body: toNdjson(nullUsers),
    });
    await drainPipeline(deployment, clients, { dates });

    const good = await dateTracking(clients, names, GOOD);
    const failing = await dateTracking(clients, names, FAILING);
    expect(good.manifests[MANIFEST_STATUS.done]).toHaveLength(2);
    expect(good.manifests[MANIFEST_STATUS.failed]).toHaveLength(0);
    expect(failing.manifests[MANIFEST_STATUS.done]).toHaveLength(1);
    const [failed] = failing.manifests[MANIFEST_STATUS.failed];
    expect(failed?.reason).toMatch(/user_id/);

    expect(await rowsOf(GOOD)).toHaveLength(70);
    // The failing date's curated rows are exactly what they were, every column.
    expect(await rowsOf(FAILING)).toEqual(failingBefore);

    const dq = (await alerts()).filter((a) => a.kind === 'dq_failure');
    expect(dq).toHaveLength(1);
    expect(dq[0]!.details).toMatchObject({ ingestionDate: FAILING, runId: failed!.manifest_id });
    expect(dq[0]!.summary).toMatch(
      /nothing was committed, the date's curated rows are as they were/,
    );
  });
});
