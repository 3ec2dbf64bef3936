/**
 * At-least-once delivery: every notification delivered three times, in shuffled batches, by
 * builders running concurrently on overlapping batches. Every file still ends in exactly one
 * manifest, and every manifest is recorded, written and queued once.
 */
import type { SQSRecord } from 'aws-lambda';
import { ENV_VARS } from '../../../handlers/lib/names';
import { FILE_STATUS, MANIFEST_STATUS } from '../../../handlers/lib/tracking/statuses';
import { flushAllDates } from '../../../handlers/manifest-builder/flush';
import { processRecords } from '../../../handlers/manifest-builder/process-records';
import { usePipeline } from '../../helpers/pipeline';
import {
  SMALL_FILES,
  builderDeps,
  ingestEvents,
  manifestCountByKey,
  manifestDocuments,
  manifestMessages,
  putRaw,
  rawKey,
  trackingItems,
} from './support';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
// Hundreds of real S3, SQS and DynamoDB calls per test: on a loaded 2-core machine the
// emulator's transactions (which copy the table) take seconds, so allow more than the default.
jest.setTimeout(scaled(180_000));

/** A deterministic shuffle (seeded LCG), so a failure replays. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const batches = (records: readonly SQSRecord[], size: number): SQSRecord[][] =>
  Array.from({ length: Math.ceil(records.length / size) }, (_, i) =>
    records.slice(i * size, (i + 1) * size),
  );

it('puts every file in exactly one manifest under triple delivery and concurrent builders', async () => {
  const dates = ['2026-10-01', '2026-10-02'];
  const keys = dates.flatMap((date) =>
    Array.from({ length: 45 }, (_, i) =>
      rawKey(date, `part-${i}.ndjson`, i % 3 === 0 ? 'web' : 'app'),
    ),
  );
  await putRaw(fx(), keys);
  const records = (await ingestEvents(fx(), keys.length)).flatMap((e) => e.Records);
  expect(records).toHaveLength(keys.length);

  const env = { ...SMALL_FILES, [ENV_VARS.maxFilesPerManifest]: '10' };
  const deliveries = [...records, ...records, ...records];
  // Four concurrent builders, each on its own shuffled, overlapping stream of batches.
  const streams = [1, 2, 3, 4].map((seed) => batches(shuffled(deliveries, seed), 10).slice(0, 12));
  const results = await Promise.all(
    streams.map(async (stream) => {
      const d = builderDeps(fx(), env);
      const reports = [];
      for (const batch of stream) reports.push(await processRecords(d, batch));
      return reports;
    }),
  );
  for (const r of results.flat()) expect(r.response.batchItemFailures).toEqual([]);
  const totals = results
    .flat()
    .reduce(
      (n, r) => ({ tracked: n.tracked + r.report.filesTracked, dup: n.dup + r.report.duplicates }),
      { tracked: 0, dup: 0 },
    );
  expect(totals.tracked).toBe(new Set(streams.flat(2).map((r) => r.messageId)).size);

  // Whatever the streams left out, a last delivery of everything and a flush take in.
  const d = builderDeps(fx(), env);
  for (const batch of batches(records, 10)) await processRecords(d, batch);
  await flushAllDates(d);

  const docs = await manifestDocuments(fx());
  const counts = manifestCountByKey(docs);
  expect(new Set(counts.keys())).toEqual(new Set(keys));
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  for (const doc of docs) {
    expect(doc.fileCount).toBeLessThanOrEqual(10);
    expect(new Set(doc.files.map((f) => f.key.split('/')[1]))).toEqual(
      new Set([`source=${doc.source}`]),
    );
  }

  const messages = await manifestMessages(fx());
  expect(messages.map((m) => m.manifestId).sort()).toEqual(docs.map((m) => m.manifestId).sort());
  const { files, manifests } = await trackingItems(fx());
  expect(files).toHaveLength(keys.length);
  expect(files.every((f) => f.status === FILE_STATUS.manifested)).toBe(true);
  expect(manifests).toHaveLength(docs.length);
  expect(manifests.every((m) => m.status === MANIFEST_STATUS.queued)).toBe(true);
});

it('tracks a re-upload of the same key as a new file, and a duplicate notification as nothing', async () => {
  const key = rawKey('2026-10-03', 'again.ndjson');
  await putRaw(fx(), [key], '{"v":1}\n');
  const [first] = await ingestEvents(fx(), 1);
  await putRaw(fx(), [key], '{"v":2}\n');
  const [second] = await ingestEvents(fx(), 1);
  const d = builderDeps(fx(), SMALL_FILES);
  const reports = [];
  for (const e of [first!, first!, second!, second!])
    reports.push((await processRecords(d, e.Records)).report);
  expect(reports.map((r) => [r.filesTracked, r.duplicates])).toEqual([
    [1, 0],
    [0, 1],
    [1, 0],
    [0, 1],
  ]);
  await flushAllDates(d);
  const [doc] = (await manifestDocuments(fx())).filter((m) => m.ingestionDate === '2026-10-03');
  expect(doc!.files.map((f) => f.key)).toEqual([key, key]);
  expect(new Set(doc!.files.map((f) => f.versionId ?? f.etag)).size).toBe(2);
});
