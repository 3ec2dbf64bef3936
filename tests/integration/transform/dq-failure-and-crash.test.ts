import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../../../handlers/lib/names';
import { getManifest } from '../../../handlers/lib/tracking/manifest-repository';
import { appEvent, appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { tableQuery } from '../../helpers/table-rows';
import { alertInbox, deliver, readRunMetrics, seedManifest, transformDeps } from './support';
import { text } from '../../../handlers/lib/duckdb/session';

const fx = usePipeline();

describe('transform: a failed data-quality gate', () => {
  const DATE = '2026-11-21';

  it('leaves the previous curated data unchanged, records metrics and the reasons, and alerts', async () => {
    const names = fx().names;
    const { ddb } = fx().backend.clients;
    const inbox = await alertInbox(fx());
    const good = await seedManifest(fx(), DATE, [
      { name: 'good.json', body: toNdjson(appEvents(30, { date: DATE })) },
    ]);
    expect(await deliver(fx(), transformDeps(fx()), [good])).toEqual({ batchItemFailures: [] });
    const dateRows = (): Promise<unknown[]> =>
      tableQuery(
        fx().backend.target,
        names.iceberg.namespace,
        `SELECT * EXCLUDE (_doc) FROM curated WHERE ingestion_date = DATE '${DATE}' ORDER BY event_id`,
      );
    const before = await dateRows();
    expect(before).toHaveLength(30);

    // 10 of 30 events carry an unknown event type: event_type_allowed (hard, max 0%) fails.
    const bad = appEvents(30, { date: DATE, seed: 2 }).map((e, i) =>
      i < 10 ? { ...e, event_type: 'refund' } : e,
    );
    const badMsg = await seedManifest(fx(), DATE, [{ name: 'bad.json', body: toNdjson(bad) }]);
    expect(await deliver(fx(), transformDeps(fx()), [badMsg])).toEqual({ batchItemFailures: [] });

    expect(await dateRows()).toEqual(before);

    const metrics = await readRunMetrics(fx(), DATE, badMsg.manifestId);
    expect(metrics.status).toBe('failed');
    expect(metrics.output).toBeNull();
    expect(metrics.reasons).toEqual([
      'event_type_allowed: event_type is outside {login, view_item, add_to_cart, purchase} in 10 of 60 rows (16.67%, max 0.00%)',
    ]);
    const item = await ddb.send(
      new GetCommand({
        TableName: names.tables.metrics,
        Key: {
          [TABLE_KEYS.metrics.partitionKey]: DATE,
          [TABLE_KEYS.metrics.sortKey]: badMsg.manifestId,
        },
      }),
    );
    expect(item.Item?.status).toBe('failed');
    const manifest = await getManifest({ ddb, table: names.tables.files }, badMsg.manifestId);
    expect(manifest).toMatchObject({ status: 'FAILED', reason: metrics.reasons[0] });

    const alerts = await inbox();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.Subject).toBe(`Data quality failed: app ${DATE} (${badMsg.manifestId})`);
    expect(JSON.parse(text(alerts[0]!.Message as string))).toMatchObject({
      kind: 'dq_failure',
      details: { reasons: metrics.reasons },
    });
  });
});

describe('transform: a crash after the commit, before the manifest is marked done', () => {
  const DATE = '2026-11-22';
  const OTHER_DATE = '2026-11-23';

  it('is retried into the same final state as a clean run', async () => {
    const names = fx().names;
    const { ddb } = fx().backend.clients;
    const events = appEvents(25, { date: DATE, seed: 3 });
    const body = toNdjson([...events, appEvent(0, { date: DATE, seed: 3 })]);

    // Clean run on one date, crashed-then-retried run of the same files on another key.
    const clean = await seedManifest(fx(), DATE, [{ name: 'clean.json', body }]);
    // Every run gets a fresh temp directory inside this one, removed on success and on failure.
    const tempDir = mkdtempSync(join(tmpdir(), 'transform-crash-'));
    const rules = {
      DQ_RULES: JSON.stringify([{ kind: 'min_rows', id: 'rows', min: 1 }]),
      TRANSFORM_TMP_DIR: tempDir,
    };
    expect(await deliver(fx(), transformDeps(fx(), rules), [clean])).toEqual({
      batchItemFailures: [],
    });

    // The same records on another date (on the same date they would all be duplicates).
    const crashy = await seedManifest(fx(), OTHER_DATE, [{ name: 'crashy.json', body }]);
    let crashes = 0;
    const crashing = transformDeps(fx(), rules, {
      afterCommit: () => {
        crashes += 1;
        return Promise.reject(new Error('injected crash after the commit'));
      },
    });
    const first = await deliver(fx(), crashing, [crashy]);
    expect(first.batchItemFailures).toHaveLength(1);
    expect(crashes).toBe(1);
    expect(readdirSync(tempDir)).toEqual([]);
    const t = { ddb, table: names.tables.files };
    expect((await getManifest(t, crashy.manifestId))?.status).toBe('CREATED');

    // The redelivery of the same message, after its visibility timeout.
    expect(await deliver(fx(), transformDeps(fx(), rules), [crashy])).toEqual({
      batchItemFailures: [],
    });
    expect((await getManifest(t, crashy.manifestId))?.status).toBe('DONE');
    expect((await getManifest(t, clean.manifestId))?.status).toBe('DONE');

    const a = await readRunMetrics(fx(), DATE, clean.manifestId);
    const b = await readRunMetrics(fx(), OTHER_DATE, crashy.manifestId);
    expect(b.rows).toEqual(a.rows);
    expect(b.rows).toEqual({
      read: 26,
      rejected: 0,
      accepted: 26,
      duplicates: 1,
      output: 25,
      refused: 0,
    });
    expect(b.output).toMatchObject({ rowsAdded: 25, rowsRemoved: 0, alreadyCommitted: true });
    const counts = await tableQuery(
      fx().backend.target,
      names.iceberg.namespace,
      `SELECT CAST(ingestion_date AS VARCHAR) AS d, count(*) AS n FROM curated WHERE ingestion_date >= DATE '${DATE}' GROUP BY ALL ORDER BY d`,
    );
    expect(counts).toEqual([
      { d: DATE, n: '25' },
      { d: OTHER_DATE, n: '25' },
    ]);
    expect(readdirSync(tempDir)).toEqual([]);
    rmSync(tempDir, { recursive: true, force: true });
  });
});
