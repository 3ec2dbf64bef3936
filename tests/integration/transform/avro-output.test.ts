import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { ENV_VARS } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { listKeys } from '../../../handlers/transform/io/s3-files';
import type { TransformJob } from '../../../handlers/transform/job';
import { currentGeneration } from '../../../handlers/transform/partition-generation';
import { rebuildRunId } from '../../../handlers/transform/process-message';
import { appEvents, toCsv, toNdjson } from '../../fixtures/app-events';
import { decodeAvro, readParquetRows, type PlainRow } from '../../helpers/avro-rows';
import { usePipeline, type PipelineFixture } from '../../helpers/pipeline';
import { deliver, objectBytes, readRunMetrics, seedManifest, transformDeps } from './support';

const fx = usePipeline();
const contract = contractFor('app');
const AVRO_ON = { [ENV_VARS.outputFormats]: 'parquet,avro' };

/** The rows of a curated Parquet object, read with DuckDB from a local copy. */
async function parquetRows(f: PipelineFixture, key: string): Promise<PlainRow[]> {
  const bytes = await objectBytes(f, f.names.buckets.curated, key);
  if (!bytes) throw new Error(`missing ${key}`);
  const dir = mkdtempSync(join(tmpdir(), 'avro-it-'));
  try {
    writeFileSync(join(dir, 'p.parquet'), bytes);
    return await readParquetRows(join(dir, 'p.parquet'), contract);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function avroRows(f: PipelineFixture, key: string): Promise<PlainRow[]> {
  const bytes = await objectBytes(f, f.names.buckets.curated, key);
  if (!bytes) throw new Error(`missing ${key}`);
  return (await decodeAvro(bytes)).rows;
}

describe('transform: Avro output (OUTPUT_FORMATS=parquet,avro)', () => {
  it('writes the Parquet rows as Avro beside, not under, the Parquet prefix; a crash retry and a rerun leave the same bytes', async () => {
    const DATE = '2026-11-26';
    const names = fx().names;
    const s3 = fx().backend.clients.s3;
    const events = appEvents(400, { date: DATE, seed: 21 });
    const msg = await seedManifest(fx(), DATE, [
      // A duplicate id with a later time: dropped from both formats alike.
      {
        name: 'a.json',
        body: toNdjson([...events, { ...events[3]!, event_ts: `${DATE}T23:59:59Z` }]),
      },
      { name: 'b.csv', body: toCsv(appEvents(40, { date: DATE, seed: 22 })) },
    ]);
    // First delivery crashes after the curated uploads, before anything is recorded.
    const crash = {
      afterCuratedUpload: (job: TransformJob): Promise<void> =>
        Promise.reject(new Error(`injected crash after uploading ${job.runId}`)),
    };
    const crashed = await deliver(fx(), transformDeps(fx(), AVRO_ON, crash), [msg]);
    expect(crashed.batchItemFailures).toHaveLength(1);
    expect(await deliver(fx(), transformDeps(fx(), AVRO_ON), [msg])).toEqual({
      batchItemFailures: [],
    });

    const parquetKey = objectKeys.curatedPart(DATE, msg.manifestId);
    const avroKey = objectKeys.curatedAvroPart(DATE, msg.manifestId);
    expect(avroKey).toBe(`curated/events-avro/ingestion_date=${DATE}/part-${msg.manifestId}.avro`);
    // The Glue table's prefix holds Parquet only.
    expect(await listKeys(s3, names.buckets.curated, objectKeys.curatedPartition(DATE))).toEqual([
      parquetKey,
    ]);
    const avroPartition = objectKeys.curatedAvroPartition(DATE);
    expect(await listKeys(s3, names.buckets.curated, avroPartition)).toEqual([avroKey]);

    const fromParquet = await parquetRows(fx(), parquetKey);
    expect(fromParquet).toHaveLength(440);
    expect(await avroRows(fx(), avroKey)).toEqual(fromParquet);
    const metrics = await readRunMetrics(fx(), DATE, msg.manifestId);
    expect(metrics.avroOutput).toMatchObject({ key: avroKey, rows: 440 });
    expect(metrics.rows.output).toBe(440);

    const before = {
      parquet: await objectBytes(fx(), names.buckets.curated, parquetKey),
      avro: await objectBytes(fx(), names.buckets.curated, avroKey),
    };
    expect(await deliver(fx(), transformDeps(fx(), AVRO_ON), [msg])).toEqual({
      batchItemFailures: [],
    });
    expect(await listKeys(s3, names.buckets.curated, avroPartition)).toEqual([avroKey]);
    const after = await objectBytes(fx(), names.buckets.curated, avroKey);
    expect(after?.equals(before.avro!)).toBe(true);
    const parquetAfter = await objectBytes(fx(), names.buckets.curated, parquetKey);
    expect(parquetAfter?.equals(before.parquet!)).toBe(true);
  });

  it('writes no Avro when the data-quality gate fails, and none by default', async () => {
    const DATE = '2026-11-27';
    const names = fx().names;
    const s3 = fx().backend.clients.s3;
    const bad = appEvents(30, { date: DATE, seed: 23 }).map((e, i) =>
      i < 10 ? { ...e, event_type: 'refund' } : e,
    );
    const badMsg = await seedManifest(fx(), DATE, [{ name: 'bad.json', body: toNdjson(bad) }]);
    expect(await deliver(fx(), transformDeps(fx(), AVRO_ON), [badMsg])).toEqual({
      batchItemFailures: [],
    });
    expect((await readRunMetrics(fx(), DATE, badMsg.manifestId)).status).toBe('failed');
    const avroPartition = objectKeys.curatedAvroPartition(DATE);
    expect(await listKeys(s3, names.buckets.curated, avroPartition)).toEqual([]);
    expect(await listKeys(s3, names.buckets.curated, objectKeys.curatedPartition(DATE))).toEqual(
      [],
    );

    // The stack's own environment (no OUTPUT_FORMATS override): Parquet only.
    const good = await seedManifest(fx(), DATE, [
      { name: 'good.json', body: toNdjson(appEvents(30, { date: DATE, seed: 24 })) },
    ]);
    expect(await deliver(fx(), transformDeps(fx()), [good])).toEqual({ batchItemFailures: [] });
    expect(await listKeys(s3, names.buckets.curated, avroPartition)).toEqual([]);
    const metrics = await readRunMetrics(fx(), DATE, good.manifestId);
    expect(metrics.status).toBe('passed');
    expect(metrics.avroOutput).toBeUndefined();
  });

  it('a rebuild writes the new generation as Avro too, then retires the old generation’s Avro', async () => {
    const DATE = '2026-11-28';
    const names = fx().names;
    const s3 = fx().backend.clients.s3;
    const deps = transformDeps(fx(), AVRO_ON);
    const a = await seedManifest(fx(), DATE, [
      { name: 'a.json', body: toNdjson(appEvents(50, { date: DATE, seed: 25 })) },
    ]);
    const b = await seedManifest(fx(), DATE, [
      { name: 'b.json', body: toNdjson(appEvents(60, { date: DATE, seed: 26 })) },
    ]);
    expect(await deliver(fx(), deps, [a, b])).toEqual({ batchItemFailures: [] });
    const avroPartition = objectKeys.curatedAvroPartition(DATE);
    expect(await listKeys(s3, names.buckets.curated, avroPartition)).toHaveLength(2);

    const requestedAt = '2026-11-29T08:00:00.000Z';
    const rebuild = { kind: 'rebuild' as const, ingestionDate: DATE, requestedAt };
    expect(await deliver(fx(), deps, [rebuild])).toEqual({ batchItemFailures: [] });
    const runId = rebuildRunId(requestedAt);
    const parquetKey = objectKeys.curatedPart(DATE, runId);
    const avroKey = objectKeys.curatedAvroPart(DATE, runId);
    expect(await listKeys(s3, names.buckets.curated, avroPartition)).toEqual([avroKey]);
    expect(await listKeys(s3, names.buckets.curated, objectKeys.curatedPartition(DATE))).toEqual([
      parquetKey,
    ]);
    const gen = await currentGeneration(fx().backend.clients.ddb, names.tables.metrics, DATE);
    expect(gen?.curatedKeys).toEqual([parquetKey, avroKey]);
    const rows = await parquetRows(fx(), parquetKey);
    expect(rows).toHaveLength(110);
    expect(await avroRows(fx(), avroKey)).toEqual(rows);
  });
});
