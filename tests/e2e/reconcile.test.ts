/**
 * The whole local flow on a messy generated dataset (late events, duplicates, null users,
 * unreadable lines, one bad file of each kind): every raw file ends in exactly one place, and
 * per date the raw lines reconcile with curated rows (DuckDB over the curated Parquet),
 * rejected rows and removed duplicates.
 */
import { MANIFEST_STATUS } from '../../handlers/lib/tracking/statuses';
import { messyDataset } from '../fixtures/e2e-datasets';
import { withFunctionEnv } from '../helpers/chaos/chaos-env';
import { curatedCountsByDate } from '../helpers/curated-rows';
import { usePipeline } from '../helpers/pipeline';
import { subscribeToAlerts } from './support/alerts';
import { generateLocally, uploadDataset, type LocalDataset } from './support/dataset';
import { drainPipeline } from './support/drain';
import { quietEnv } from './support/environments';
import { queueBodies } from './support/queues';
import {
  dateTracking,
  rawKeyOfTrackingKey,
  rejectedRows,
  runMetrics,
  type DateTracking,
} from './support/tracking';

const fx = usePipeline();
let dataset: LocalDataset | undefined;
afterAll(() => dataset?.remove());

describe('end to end: counts reconcile', () => {
  it('puts every raw file in exactly one place and accounts for every raw line of each date', async () => {
    const { clients } = fx().backend;
    const names = fx().names;
    const deployment = withFunctionEnv(fx().deployment, quietEnv(fx().deployment));
    dataset = await generateLocally(messyDataset());
    const dates = dataset.summary.options.dates;
    const kinds = dataset.summary.files.map((f) => f.kind);
    // The dataset holds what the assertions below are about.
    expect(kinds.filter((k) => k !== 'data').sort()).toEqual([
      'empty',
      'truncated-gzip',
      'wrong-extension',
    ]);
    expect(dataset.summary.counts.duplicates).toBeGreaterThan(0);
    expect(dataset.summary.counts.badLines).toBeGreaterThan(0);
    const alerts = await subscribeToAlerts(clients, deployment, 'e2e-reconcile-alerts');

    await uploadDataset(clients, names.buckets.raw, dataset.files);
    await drainPipeline(deployment, clients, { dates });

    const tracking = new Map<string, DateTracking>();
    for (const date of dates) tracking.set(date, await dateTracking(clients, names, date));

    // Every raw file is in exactly one of: a done manifest, quarantine, a failed manifest.
    const placed = new Map<string, string[]>();
    const place = (key: string, where: string) =>
      placed.set(key, [...(placed.get(key) ?? []), where]);
    for (const [date, t] of tracking) {
      expect({ date, created: t.manifests.CREATED, queued: t.manifests.QUEUED }).toEqual({
        date,
        created: [],
        queued: [],
      });
      for (const m of t.manifests.DONE)
        for (const k of m.file_keys) place(rawKeyOfTrackingKey(k), 'done');
      for (const m of t.manifests.FAILED)
        for (const k of m.file_keys) place(rawKeyOfTrackingKey(k), 'failed');
      for (const f of t.quarantined) place(f.key, 'quarantine');
    }
    const expected = new Map(
      dataset.files.map((f) => {
        const kind = dataset!.byKey.get(f.key)!.kind;
        return [
          f.key,
          [kind === 'data' ? 'done' : kind === 'truncated-gzip' ? 'failed' : 'quarantine'],
        ];
      }),
    );
    const failedDate = dataset.summary.files.find((f) => f.kind === 'truncated-gzip')!.date;
    // Only the truncated gzip fails a manifest (the DQ rules pass on every date of this mix).
    const failures = [...tracking].flatMap(([d, t]) =>
      t.manifests.FAILED.map((m) => [d, m.reason]),
    );
    expect(failures).toEqual([[failedDate, expect.stringMatching(/gzip stream is truncated/)]]);
    // It fails its whole manifest: the good files it shares it with fail too.
    for (const m of tracking.get(failedDate)!.manifests.FAILED)
      for (const k of m.file_keys) expected.set(rawKeyOfTrackingKey(k), ['failed']);
    expect(Object.fromEntries(placed)).toEqual(Object.fromEntries(expected));

    // Each quarantined file carries a reason a person can read.
    const reasons = [...tracking.values()].flatMap((t) =>
      t.quarantined.map((f) => [dataset!.byKey.get(f.key)!.kind, f.reason ?? '']),
    );
    expect(reasons.sort()).toEqual([
      ['empty', expect.stringMatching(/empty/i)],
      ['wrong-extension', expect.stringMatching(/extension/i)],
    ]);

    // Rows: raw lines of the files in done manifests = curated + rejected + removed duplicates.
    const curated = await curatedCountsByDate(clients, names);
    for (const date of dates) {
      const done = tracking.get(date)!.manifests.DONE;
      const rawLines = done
        .flatMap((m) => m.file_keys.map((k) => dataset!.byKey.get(rawKeyOfTrackingKey(k))!.lines))
        .reduce((a, b) => a + b, 0);
      let rejected = 0;
      let duplicates = 0;
      for (const m of done) {
        rejected += await rejectedRows(clients, names, date, m.manifest_id);
        const metrics = await runMetrics(clients, names, date, m.manifest_id);
        expect(metrics.status).toBe('passed');
        duplicates += metrics.rows.duplicates;
      }
      const rows = curated.get(date)?.rows ?? 0;
      expect({ date, raw: rawLines }).toEqual({ date, raw: rows + rejected + duplicates });
      // One manifest per date (dev caps manifests at 50 files): no duplicate survives.
      if (done.length === 1) expect(curated.get(date)?.ids).toBe(rows);
      if (date !== failedDate) expect(rows).toBeGreaterThan(0);
    }
    if (tracking.get(failedDate)!.manifests.DONE.length === 0)
      expect(curated.has(failedDate)).toBe(false);

    // The failed manifest alerted, and nothing reached a DLQ.
    const failedIds = tracking
      .get(failedDate)!
      .manifests[MANIFEST_STATUS.failed].map((m) => m.manifest_id);
    expect(failedIds.length).toBeGreaterThan(0);
    const got = await alerts();
    for (const id of failedIds) {
      expect(got.some((a) => a.kind === 'input_unreadable' && a.details.runId === id)).toBe(true);
    }
    expect(await queueBodies(clients.sqs, names.queues.ingestDlq)).toEqual([]);
    expect(await queueBodies(clients.sqs, names.queues.manifestDlq)).toEqual([]);
  });
});
