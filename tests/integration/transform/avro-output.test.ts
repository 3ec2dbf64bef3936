import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { ENV_VARS, PREFIXES } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { listKeys } from '../../../handlers/transform/io/s3-files';
import { currentGeneration } from '../../../handlers/transform/partition-generation';
import { rebuildRunId } from '../../../handlers/transform/process-message';
import { appEvents, toCsv, toNdjson } from '../../fixtures/app-events';
import { decodeAvro, readParquetRows, type PlainRow } from '../../helpers/avro-rows';
import { usePipeline, type PipelineFixture } from '../../helpers/pipeline';
import { tableQuery } from '../../helpers/table-rows';
import { deliver, objectBytes, readRunMetrics, seedManifest, transformDeps } from './support';

const fx = usePipeline();
const contract = contractFor('app');
const AVRO_ON = { [ENV_VARS.outputFormats]: 'parquet,avro' };

/** The rows a run's commit holds in the table, read through the catalog (in Avro's order). */
async function runRows(f: PipelineFixture, date: string, runId: string): Promise<PlainRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'avro-it-'));
  try {
    const path = join(dir, 'p.parquet');
    await tableQuery(
      f.backend.target,
      f.names.iceberg.namespace,
      `COPY (SELECT * FROM curated WHERE ingestion_date = DATE '${date}' AND _manifest_id = '${runId}' ORDER BY _source_file, _doc) TO '${path}' (FORMAT parquet)`,
    );
    return await readParquetRows(path, contract);
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
  it('writes the committed rows as Avro beside the table; a crash retry and a rerun leave the same bytes', async () => {
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
    // First delivery crashes right after its commit, before anything is recorded.
    const crash = {
      afterCommit: (runId: string): Promise<void> =>
        Promise.reject(new Error(`injected crash after committing ${runId}`)),
    };
    const crashed = await deliver(fx(), transformDeps(fx(), AVRO_ON, crash), [msg]);
    expect(crashed.batchItemFailures).toHaveLength(1);
    expect(await deliver(fx(), transformDeps(fx(), AVRO_ON), [msg])).toEqual({
      batchItemFailures: [],
    });

    const avroKey = objectKeys.curatedAvroPart(DATE, msg.manifestId);
    expect(avroKey).toBe(`curated/events-avro/ingestion_date=${DATE}/part-${msg.manifestId}.avro`);
    // Nothing of the table's own files under the Avro prefix, nor Avro under the table's.
    const tableFiles = await listKeys(s3, names.buckets.curated, `${PREFIXES.tables}app/`);
    expect(tableFiles.filter((k) => k.includes('events-avro'))).toEqual([]);
    const avroPartition = objectKeys.curatedAvroPartition(DATE);
    expect(await listKeys(s3, names.buckets.curated, avroPartition)).toEqual([avroKey]);

    const fromParquet = await runRows(fx(), DATE, msg.manifestId);
    expect(fromParquet).toHaveLength(440);
    expect(await avroRows(fx(), avroKey)).toEqual(fromParquet);
    const metrics = await readRunMetrics(fx(), DATE, msg.manifestId);
    expect(metrics.avroOutput).toMatchObject({ key: avroKey, rows: 440 });
    expect(metrics.rows.output).toBe(440);

    const before = { avro: await objectBytes(fx(), names.buckets.curated, avroKey) };
    expect(await deliver(fx(), transformDeps(fx(), AVRO_ON), [msg])).toEqual({
      batchItemFailures: [],
    });
    expect(await listKeys(s3, names.buckets.curated, avroPartition)).toEqual([avroKey]);
    const after = await objectBytes(fx(), names.buckets.curated, avroKey);
    expect(after?.equals(before.avro!)).toBe(true);
    expect(await runRows(fx(), DATE, msg.manifestId)).toEqual(fromParquet);
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
    expect(await runRows(fx(), DATE, badMsg.manifestId)).toEqual([]);

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
    const avroKey = objectKeys.curatedAvroPart(DATE, runId);
    expect(await listKeys(s3, names.buckets.curated, avroPartition)).toEqual([avroKey]);
    const gen = await currentGeneration(fx().backend.clients.ddb, names.tables.metrics, DATE);
    expect(gen?.curatedKeys).toEqual([`${names.iceberg.namespace}.app`, avroKey]);
    const rows = await runRows(fx(), DATE, runId);
    expect(rows).toHaveLength(110);
    expect(await avroRows(fx(), avroKey)).toEqual(rows);
  });
});
