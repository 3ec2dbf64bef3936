/**
 * Crash safety through the core's hooks: a builder that dies between the steps of emitting a
 * manifest leaves it CREATED; the next invocation (a retried record or the flush) completes it.
 * No file is lost, none lands in two manifests, no second manifest document appears.
 */
import { ENV_VARS } from '../../../handlers/lib/names';
import { FILE_STATUS, MANIFEST_STATUS } from '../../../handlers/lib/tracking/statuses';
import type { BuilderHooks } from '../../../handlers/manifest-builder/dependencies';
import { flushAllDates } from '../../../handlers/manifest-builder/flush';
import { processRecords } from '../../../handlers/manifest-builder/process-records';
import { usePipeline } from '../../helpers/pipeline';
import {
  SMALL_FILES,
  builderDeps,
  ingestEvents,
  manifestCountByKey,
  manifestDocumentKeys,
  manifestDocuments,
  manifestMessages,
  putRaw,
  rawKey,
  trackingItems,
} from './support';

const fx = usePipeline();
const env = { ...SMALL_FILES, [ENV_VARS.maxFilesPerManifest]: '5' };

/** An error standing for the process dying at that point. */
class InjectedCrash extends Error {}
const crashAt = (step: keyof BuilderHooks): BuilderHooks => ({
  [step]: () => {
    throw new InjectedCrash(`crash ${step}`);
  },
});

async function manifestsOfDate(date: string) {
  const { manifests, files } = await trackingItems(fx());
  return {
    manifests: manifests.filter((m) => m.ingestion_date === date),
    files: files.filter((f) => f.ingestion_date === date),
  };
}

it('sends the message of a manifest whose builder died after writing it, exactly once', async () => {
  const date = '2026-09-01';
  const keys = Array.from({ length: 5 }, (_, i) => rawKey(date, `f${i}.ndjson`));
  await putRaw(fx(), keys);
  const [event] = await ingestEvents(fx(), 5);

  const crashed = await processRecords(
    builderDeps(fx(), env, { hooks: crashAt('afterDocumentWritten') }),
    event!.Records,
  );
  // The whole date failed, so every record of it is handed back to SQS for a retry.
  expect(crashed.response.batchItemFailures).toHaveLength(5);
  expect(await manifestMessages(fx())).toHaveLength(0);
  const before = await manifestsOfDate(date);
  expect(before.manifests.map((m) => m.status)).toEqual([MANIFEST_STATUS.created]);
  expect(before.files.every((f) => f.status === FILE_STATUS.manifested)).toBe(true);
  const documents = await manifestDocumentKeys(fx());
  expect(documents).toHaveLength(1);

  const retried = await processRecords(builderDeps(fx(), env), event!.Records);
  expect(retried.response.batchItemFailures).toEqual([]);
  expect(retried.report).toMatchObject({
    duplicates: 5,
    manifestsRedriven: 1,
    manifestsEmitted: 0,
  });
  const messages = await manifestMessages(fx());
  expect(messages.map((m) => m.manifestId)).toEqual([before.manifests[0]!.manifest_id]);
  expect(await manifestDocumentKeys(fx())).toEqual(documents);
  const after = await manifestsOfDate(date);
  expect(after.manifests.map((m) => m.status)).toEqual([MANIFEST_STATUS.queued]);
});

it.each<keyof BuilderHooks>(['afterManifestRecorded', 'afterDocumentWritten', 'afterMessageSent'])(
  'completes a manifest after a crash %s, via the scheduled flush',
  async (step) => {
    const date = `2026-09-1${['afterManifestRecorded', 'afterDocumentWritten', 'afterMessageSent'].indexOf(step)}`;
    const keys = Array.from({ length: 12 }, (_, i) => rawKey(date, `g${i}.json`));
    await putRaw(fx(), keys);
    const [event, rest] = await ingestEvents(fx(), 12);

    const crashed = await processRecords(builderDeps(fx(), env, { hooks: crashAt(step) }), [
      ...event!.Records,
      ...rest!.Records,
    ]);
    expect(crashed.response.batchItemFailures).toHaveLength(12);
    await flushAllDates(builderDeps(fx(), env));
    await flushAllDates(builderDeps(fx(), env));

    const docs = (await manifestDocuments(fx())).filter((d) => d.ingestionDate === date);
    const counts = manifestCountByKey(docs);
    expect(new Set(counts.keys())).toEqual(new Set(keys));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(docs.map((d) => d.fileCount).sort()).toEqual([2, 5, 5]);
    const ids = new Set((await manifestMessages(fx())).map((m) => m.manifestId));
    // A crash after sending may send one manifest twice (at-least-once); never a second manifest.
    expect([...ids].sort()).toEqual(docs.map((d) => d.manifestId).sort());
    const { manifests, files } = await manifestsOfDate(date);
    expect(manifests.map((m) => m.status)).toEqual(Array(3).fill(MANIFEST_STATUS.queued));
    expect(files.every((f) => f.status === FILE_STATUS.manifested)).toBe(true);
  },
);
