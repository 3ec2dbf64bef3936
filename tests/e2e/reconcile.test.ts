/**
 * The whole local flow on a messy generated dataset (late events, duplicates, null users,
 * unreadable lines, one bad file of each kind): every raw file ends in exactly one place, and
 * per date the raw lines reconcile with curated rows (DuckDB over the curated Parquet),
 * rejected rows and removed duplicates.
 */
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

    // Every raw file is in exactly one of: curated through a done manifest, refused by its
    // (done) manifest with a reason, quarantine, a failed manifest.
    const refusedKeys = new Set<string>();
    for (const [date, t] of tracking) {
      for (const m of t.manifests.DONE) {
        const metrics = await runMetrics(clients, names, date, m.manifest_id);
        for (const f of metrics.refusedFiles) refusedKeys.add(f.sourceKey);
      }
    }
    const placed = new Map<string, string[]>();
    const place = (key: string, where: string) =>
      placed.set(key, [...(placed.get(key) ?? []), where]);
    for (const [date, t] of tracking) {
      expect({ date, created: t.manifests.CREATED, queued: t.manifests.QUEUED }).toEqual({
        date,
        created: [],
        queued: [],
      });
      for (const m of t.manifests.DONE) {
        for (const k of m.file_keys) {
          const key = rawKeyOfTrackingKey(k);
          place(key, refusedKeys.has(key) ? 'refused' : 'done');
        }
      }
      for (const m of t.manifests.FAILED)
        for (const k of m.file_keys) place(rawKeyOfTrackingKey(k), 'failed');
      for (const f of t.quarantined) place(f.key, 'quarantine');
    }
    const expected = new Map(
      dataset.files.map((f) => {
        const kind = dataset!.byKey.get(f.key)!.kind;
        return [
          f.key,
          [kind === 'data' ? 'done' : kind === 'truncated-gzip' ? 'refused' : 'quarantine'],
        ];
      }),
    );
    const refusedDate = dataset.summary.files.find((f) => f.kind === 'truncated-gzip')!.date;
    // The truncated gzip is refused on its own: no manifest fails, its good files are curated.
    const failures = [...tracking].flatMap(([d, t]) =>
      t.manifests.FAILED.map((m) => [d, m.reason]),
    );
    expect(failures).toEqual([]);
    expect(Object.fromEntries(placed)).toEqual(Object.fromEntries(expected));

    // Each quarantined file carries a reason a person can read.
    const reasons = [...tracking.values()].flatMap((t) =>
      t.quarantined.map((f) => [dataset!.byKey.get(f.key)!.kind, f.reason ?? '']),
    );
    expect(reasons.sort()).toEqual([
      ['empty', expect.stringMatching(/empty/i)],
      ['wrong-extension', expect.stringMatching(/extension/i)],
    ]);

    // Rows: raw lines of the curated files of done manifests = curated + rejected + removed
    // duplicates; a refused file's lines are counted apart (rows.refused), never as rows read.
    const curated = await curatedCountsByDate(clients, names);
    const refusedRuns: string[] = [];
    for (const date of dates) {
      const done = tracking.get(date)!.manifests.DONE;
      const rawLines = done
        .flatMap((m) => m.file_keys.map(rawKeyOfTrackingKey))
        .filter((k) => !refusedKeys.has(k))
        .map((k) => dataset!.byKey.get(k)!.lines)
        .reduce((a, b) => a + b, 0);
      let rejected = 0;
      let duplicates = 0;
      for (const m of done) {
        const metrics = await runMetrics(clients, names, date, m.manifest_id);
        expect(metrics.status).toBe('passed');
        rejected += metrics.rows.rejected;
        duplicates += metrics.rows.duplicates;
        // Each refused file is one file-level record in the rejects, beside the line rejects.
        expect(await rejectedRows(clients, names, date, m.manifest_id)).toBe(
          metrics.rows.rejected + metrics.refusedFiles.length,
        );
        if (metrics.refusedFiles.length > 0) refusedRuns.push(m.manifest_id);
      }
      const rows = curated.get(date)?.rows ?? 0;
      expect({ date, raw: rawLines }).toEqual({ date, raw: rows + rejected + duplicates });
      // One manifest per date (dev caps manifests at 50 files): no duplicate survives.
      if (done.length === 1) expect(curated.get(date)?.ids).toBe(rows);
      expect(rows).toBeGreaterThan(0);
    }

    // The refusal alerted (naming the file), and nothing reached a DLQ.
    expect(refusedRuns.length).toBeGreaterThan(0);
    const got = await alerts();
    for (const id of refusedRuns) {
      expect(got.some((a) => a.kind === 'input_refused' && a.details.runId === id)).toBe(true);
    }
    expect(tracking.get(refusedDate)!.manifests.DONE.length).toBeGreaterThan(0);
    expect(await queueBodies(clients.sqs, names.queues.ingestDlq)).toEqual([]);
    expect(await queueBodies(clients.sqs, names.queues.manifestDlq)).toEqual([]);
  });
});
