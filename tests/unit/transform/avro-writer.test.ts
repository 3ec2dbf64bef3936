import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { avroSchemaFor } from '../../../handlers/lib/contract/avro-schema';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { formatOfKey, type LocalInputFile } from '../../../handlers/transform/convert/input-file';
import { stageFiles } from '../../../handlers/transform/convert/stage-files';
import { AVRO_CODEC, writeCuratedAvro } from '../../../handlers/transform/convert/write-avro';
import { writeCurated } from '../../../handlers/transform/convert/write-outputs';
import { openDuckDb, type DuckDbSession } from '../../../handlers/lib/duckdb/session';
import { appEvent, appEvents, toCsv, toNdjson } from '../../fixtures/app-events';
import { decodeAvro, readParquetRows } from '../../helpers/avro-rows';

const contract = contractFor('app');
const lineage = { manifestId: 'm-1', ingestedAt: '2026-11-20T12:00:00.123456Z' };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'avro-writer-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(idx: number, key: string, body: string): LocalInputFile {
  const path = join(dir, `f${idx}`);
  writeFileSync(path, body);
  return { idx, sourceKey: key, path, format: formatOfKey(key), gzip: false, bytes: body.length };
}

/** Stages the inputs in a fresh database and writes Parquet then Avro; returns their paths. */
async function convert(
  inputs: readonly LocalInputFile[],
  name: string,
  runId = lineage.manifestId,
): Promise<{ parquet: string; avro: string; avroRows: number; parquetRows: number }> {
  const db: DuckDbSession = await openDuckDb(mkdtempSync(join(dir, 'db-')), {
    memoryLimitMb: 256,
    threads: 2,
  });
  try {
    await stageFiles(db, contract, inputs, { maxLineBytes: 1024 * 1024 });
    const parquet = join(dir, `${name}.parquet`);
    const avro = join(dir, `${name}.avro`);
    const parquetRows = await writeCurated(db, contract, lineage, parquet, 1000);
    const avroRows = await writeCuratedAvro(db, contract, parquet, avro, runId);
    return { parquet, avro, avroRows, parquetRows };
  } finally {
    db.close();
  }
}

describe('curated Avro output', () => {
  it('holds exactly the Parquet rows, in order, with the contract schema and deflate', async () => {
    const events = appEvents(5000);
    const dup = { ...events[10]!, event_ts: '2026-11-20T23:59:59Z' };
    const odd = appEvent(
      9000,
      {},
      {
        user_id: null as unknown as string,
        session: { ...appEvent(9000).session, page_views: 2 ** 62 + 7 },
        properties: { ...appEvent(9000).properties, tags: ['a', null as unknown as string] },
      },
    );
    // A long past 2^53 must survive exactly: JSON numbers cannot say it, the raw text does.
    const body = toNdjson([...events, dup, odd]).replace(
      String(2 ** 62 + 7),
      '4611686018427387911',
    );
    const csv = toCsv(appEvents(50, { seed: 7 }));
    const out = await convert([file(0, 'raw/a.ndjson', body), file(1, 'raw/b.csv', csv)], 'run');
    expect(out.parquetRows).toBe(5000 + 1 + 50);
    expect(out.avroRows).toBe(out.parquetRows);

    const decoded = await decodeAvro(readFileSync(out.avro));
    expect(decoded.codec).toBe(AVRO_CODEC);
    // The header carries the derived schema (name fully qualified, as avsc writes it).
    const { name, namespace, ...rest } = avroSchemaFor(contract);
    expect(decoded.schema).toEqual(
      JSON.parse(JSON.stringify({ ...rest, name: `${namespace}.${name}` })),
    );
    const parquetRows = await readParquetRows(out.parquet, contract);
    expect(decoded.rows).toEqual(parquetRows);
    const last = decoded.rows.find((r) => r.event_id === odd.event_id)!;
    expect(last).toMatchObject({
      user_id: null,
      session_page_views: 4611686018427387911n,
      properties_tags: ['a', null],
      _ingested_at: 1_795_176_000_123_456n,
    });
  });

  it('writes the same bytes when the same run is converted again', async () => {
    const inputs = () => [file(0, 'raw/a.ndjson', toNdjson(appEvents(3000)))];
    const first = await convert(inputs(), 'first');
    const second = await convert(inputs(), 'second');
    expect(readFileSync(second.avro).equals(readFileSync(first.avro))).toBe(true);
    // The sync marker is derived from the run id, so another run differs only by it.
    const other = await convert(inputs(), 'other', 'm-2');
    expect(readFileSync(other.avro).equals(readFileSync(first.avro))).toBe(false);
  });

  it('writes a valid file with a header and no records when no row was accepted', async () => {
    const out = await convert([file(0, 'raw/empty.ndjson', 'not json\n')], 'empty');
    expect(out.avroRows).toBe(0);
    const decoded = await decodeAvro(readFileSync(out.avro));
    expect(decoded.rows).toEqual([]);
    expect(decoded.schema.name).toBe('pipeline.curated.app_v1');
  });
});
