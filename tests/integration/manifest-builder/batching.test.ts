/**
 * Batching on the emulator: real S3 notifications from the provisioned dev stack, the core as
 * Lambda runs it, manifests cut by file count, flushed, stable across a rerun, chunked past the
 * transaction limit, and emitted early when the oldest pending file waited past the flush age.
 */
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
  wipeBuilderState,
} from './support';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
// Hundreds of real S3, SQS and DynamoDB calls per test: on a loaded 2-core machine the
// emulator's transactions (which copy the table) take seconds, so allow more than the default.
jest.setTimeout(scaled(180_000));
const DATE = '2026-11-20';

describe('120 files for one date, MAX_FILES_PER_MANIFEST=50', () => {
  const keys = Array.from({ length: 120 }, (_, i) =>
    rawKey(DATE, `events ${String(i).padStart(3, '0')}.ndjson`),
  );
  const env = { ...SMALL_FILES, [ENV_VARS.maxFilesPerManifest]: '50' };

  async function runOnce(events: Awaited<ReturnType<typeof ingestEvents>>) {
    const d = builderDeps(fx(), env);
    for (const event of events) {
      const { response } = await processRecords(d, event.Records);
      expect(response.batchItemFailures).toEqual([]);
    }
    const beforeFlush = await manifestMessages(fx());
    const flush = await flushAllDates(d);
    const afterFlush = await manifestMessages(fx());
    return { beforeFlush, flush, afterFlush };
  }

  it('emits 50 + 50 as files arrive, 20 at the flush, every file in exactly one, ids stable on a rerun', async () => {
    await putRaw(fx(), keys);
    const events = await ingestEvents(fx(), keys.length);
    expect(events.flatMap((e) => e.Records)).toHaveLength(120);

    const first = await runOnce(events);
    expect(first.beforeFlush).toHaveLength(2);
    expect(first.flush.manifestsEmitted).toBe(1);
    expect(first.afterFlush).toHaveLength(1);
    const docs = await manifestDocuments(fx());
    expect(docs.map((d) => d.fileCount).sort()).toEqual([20, 50, 50]);
    const counts = manifestCountByKey(docs);
    expect(counts.size).toBe(120);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(keys));

    const { files, manifests } = await trackingItems(fx());
    expect(files.every((f) => f.status === FILE_STATUS.manifested)).toBe(true);
    expect(manifests.map((m) => m.status)).toEqual(Array(3).fill(MANIFEST_STATUS.queued));
    const ids = [...first.beforeFlush, ...first.afterFlush].map((m) => m.manifestId).sort();
    expect(docs.map((d) => d.manifestId).sort()).toEqual(ids);

    await wipeBuilderState(fx());
    const rerun = await runOnce(events);
    expect([...rerun.beforeFlush, ...rerun.afterFlush].map((m) => m.manifestId).sort()).toEqual(
      ids,
    );
  });
});

describe('past the transaction limit and the flush age', () => {
  it('records a 150-file manifest in chunked transactions', async () => {
    const keys = Array.from({ length: 150 }, (_, i) => rawKey('2026-11-21', `big-${i}.jsonl`));
    await putRaw(fx(), keys);
    const d = builderDeps(fx(), { ...SMALL_FILES, [ENV_VARS.maxFilesPerManifest]: '150' });
    for (const event of await ingestEvents(fx(), keys.length, 50)) {
      expect((await processRecords(d, event.Records)).response.batchItemFailures).toEqual([]);
    }
    const [message, ...more] = await manifestMessages(fx());
    expect(more).toHaveLength(0);
    const { files } = await trackingItems(fx());
    const ofDate = files.filter((f) => f.ingestion_date === '2026-11-21');
    expect(ofDate).toHaveLength(150);
    expect(
      ofDate.every(
        (f) => f.manifest_id === message!.manifestId && f.status === FILE_STATUS.manifested,
      ),
    ).toBe(true);
  });

  it('emits a partial manifest once its oldest file waited past MANIFEST_FLUSH_AGE_SECONDS', async () => {
    const keys = [rawKey('2026-11-22', 'a.csv'), rawKey('2026-11-22', 'b.csv.gz')];
    await putRaw(fx(), keys, 'id,type\n1,login\n');
    const env = { ...SMALL_FILES, [ENV_VARS.manifestFlushAgeSeconds]: '60' };
    const [event] = await ingestEvents(fx(), 2);
    await processRecords(builderDeps(fx(), env), event!.Records);
    expect(await manifestMessages(fx())).toHaveLength(0);

    const later = builderDeps(fx(), env, { now: () => new Date(Date.now() + 61_000) });
    const { response, report } = await processRecords(later, event!.Records);
    expect(response.batchItemFailures).toEqual([]);
    expect(report).toMatchObject({ duplicates: 2, filesTracked: 0, manifestsEmitted: 1 });
    const messages = await manifestMessages(fx());
    expect(messages).toHaveLength(1);
    expect(messages[0]!.ingestionDate).toBe('2026-11-22');
  });
});
