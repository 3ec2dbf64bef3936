import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { formatOfKey, type LocalInputFile } from '../../../handlers/transform/convert/input-file';
import { runCounts } from '../../../handlers/transform/convert/run-stats';
import { stageFiles } from '../../../handlers/transform/convert/stage-files';
import { writeCurated, writeRejects } from '../../../handlers/transform/convert/write-outputs';
import { openDuckDb, text, type DuckDbSession } from '../../../handlers/lib/duckdb/session';
import { dqRulesSchema } from '../../../handlers/lib/dq/rules';
import { appEvent, toCsv, toNdjson } from '../../fixtures/app-events';

const contract = contractFor('app');
const limits = { maxLineBytes: 16 * 1024 * 1024 };
let dir: string;
let db: DuckDbSession;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'staging-test-'));
  db = await openDuckDb(dir, { memoryLimitMb: 256, threads: 2 });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(idx: number, key: string, body: string | Buffer): LocalInputFile {
  const path = join(dir, `f${idx}`);
  writeFileSync(path, body);
  const gzip = key.endsWith('.gz');
  return {
    idx,
    sourceKey: key,
    path,
    format: formatOfKey(key),
    gzip,
    bytes: Buffer.byteLength(body),
  };
}

async function rejects(): Promise<{ source_file: string; line: number; reason: string }[]> {
  const path = join(dir, 'rejects.ndjson');
  await writeRejects(db, path);
  return (await db.rows(`SELECT source_file, line, reason FROM read_json('${path}')`)).map((r) => ({
    source_file: text(r.source_file),
    line: Number(r.line),
    reason: text(r.reason),
  }));
}

describe('staging raw files under the contract', () => {
  it('rejects bad NDJSON lines with file, line number and reason, and keeps the good ones', async () => {
    const good = toNdjson([appEvent(0), appEvent(1)]);
    const { event_type: _omit, ...noType } = appEvent(2);
    const body = Buffer.concat([
      Buffer.from(good),
      Buffer.from('not json\n'),
      Buffer.from([0xff, 0xfe, 0x0a]),
      Buffer.from('\n'),
      Buffer.from(`${JSON.stringify({ ...appEvent(3), event_ts: '2026-11-20T10:00:00' })}\n`),
      Buffer.from(`${JSON.stringify(noType)}\n`),
      Buffer.from(`${JSON.stringify({ ...appEvent(4), engagement: { clicks: 'many' } })}\n`),
      Buffer.from('{"event_id":"trunc'),
    ]);
    await stageFiles(db, contract, [file(0, 'raw/a.ndjson', body)], limits);
    expect(await rejects()).toEqual([
      { source_file: 'raw/a.ndjson', line: 3, reason: 'not valid JSON' },
      { source_file: 'raw/a.ndjson', line: 4, reason: 'not valid UTF-8' },
      {
        source_file: 'raw/a.ndjson',
        line: 6,
        reason:
          'event_ts: cannot read "2026-11-20T10:00:00" as timestamp (iso8601_offset or epoch_ms of 12-13 digits)',
      },
      { source_file: 'raw/a.ndjson', line: 7, reason: 'missing required field event_type' },
      {
        source_file: 'raw/a.ndjson',
        line: 8,
        reason: 'engagement_clicks: cannot read "many" as integer',
      },
      { source_file: 'raw/a.ndjson', line: 9, reason: 'not valid JSON' },
    ]);
    const counts = await runCounts(db, dqRulesSchema.parse(contractFor('app').dq), 'event_id');
    expect(counts).toMatchObject({ acceptedRows: 2, rejectedRows: 6, rowsRead: 8 });
  });

  it('rejects an object or an array where the contract expects a scalar, but not a string that looks like one', async () => {
    const obj = appEvent(0, {}, { user_id: { id: 1 } as unknown as string });
    const arr = { ...appEvent(1), location: { ...appEvent(1).location, city: ['a'] } };
    const lookalike = appEvent(2, {}, { user_id: '{not an object' });
    await stageFiles(
      db,
      contract,
      [file(0, 'raw/o.json', toNdjson([obj, arr, lookalike]))],
      limits,
    );
    expect((await rejects()).map((r) => r.reason)).toEqual([
      'user_id: cannot read an object as string',
      'location_city: cannot read an array as string',
    ]);
  });

  it('parses both timestamp spellings into the same UTC instant', async () => {
    const iso = appEvent(0, {}, { event_ts: '2026-11-20T12:00:00+02:00' });
    const ms = appEvent(1, {}, { event_ts: Date.parse('2026-11-20T10:00:00Z') });
    await stageFiles(db, contract, [file(0, 'raw/t.json', toNdjson([iso, ms]))], limits);
    const rows = await db.rows('SELECT CAST(event_ts AS VARCHAR) AS ts FROM staged ORDER BY ord');
    expect(rows.map((r) => r.ts)).toEqual(['2026-11-20 10:00:00', '2026-11-20 10:00:00']);
  });

  it('keeps unknown fields as schema drift, not as errors', async () => {
    const e = { ...appEvent(0), referrer: 'x', location: { ...appEvent(0).location, zip: '9' } };
    await stageFiles(db, contract, [file(0, 'raw/d.json', toNdjson([e]))], limits);
    const counts = await runCounts(db, [], 'event_id');
    expect(counts.acceptedRows).toBe(1);
    expect(counts.driftFields).toEqual([
      { field: 'location.zip', rows: 1 },
      { field: 'referrer', rows: 1 },
    ]);
  });

  it('maps CSV onto the contract by column name; a missing required column rejects each row', async () => {
    const events = [appEvent(0), appEvent(1)];
    const full = toCsv(events);
    const noTs = toCsv(events, ['event_id', 'event_type', 'user_id', 'location_country']);
    await stageFiles(
      db,
      contract,
      [file(0, 'raw/full.csv', full), file(1, 'raw/no-ts.csv.gz', gzipSync(noTs))],
      limits,
    );
    const rows = await db.rows(
      'SELECT event_id, location_country, properties_tags FROM staged WHERE reason IS NULL ORDER BY ord',
    );
    expect(rows).toEqual([
      {
        event_id: events[0]!.event_id,
        location_country: events[0]!.location.country,
        properties_tags: events[0]!.properties.tags,
      },
      {
        event_id: events[1]!.event_id,
        location_country: events[1]!.location.country,
        properties_tags: events[1]!.properties.tags,
      },
    ]);
    expect(await rejects()).toEqual([
      { source_file: 'raw/no-ts.csv.gz', line: 2, reason: 'missing required field event_ts' },
      { source_file: 'raw/no-ts.csv.gz', line: 3, reason: 'missing required field event_ts' },
    ]);
  });

  it('refuses a corrupt gzip on its own, naming the raw object, and stages the other files', async () => {
    const gz = gzipSync(toNdjson([appEvent(0), appEvent(1)]));
    const corrupt = Buffer.concat([gz.subarray(0, 20), Buffer.alloc(20, 7), gz.subarray(40)]);
    const refused = await stageFiles(
      db,
      contract,
      [file(0, 'raw/bad.json.gz', corrupt), file(1, 'raw/good.ndjson', toNdjson([appEvent(2)]))],
      limits,
    );
    expect(refused).toEqual([
      {
        sourceKey: 'raw/bad.json.gz',
        reason: expect.stringMatching(
          /^cannot read raw\/bad.json.gz: gzip stream is truncated or corrupt \(/,
        ) as unknown,
        lines: 0,
      },
    ]);
    expect((await runCounts(db, [], 'event_id')).acceptedRows).toBe(1);
  });

  it('rejects a line longer than the maximum line size, keeping the line numbers after it', async () => {
    const long = JSON.stringify({ ...appEvent(1), blob: 'x'.repeat(1024 * 1024) });
    const body = `${JSON.stringify(appEvent(0))}\n${long}\n${JSON.stringify(appEvent(2))}\nnope\n`;
    await stageFiles(db, contract, [file(0, 'raw/long.json', body)], { maxLineBytes: 512 * 1024 });
    expect(await rejects()).toEqual([
      { source_file: 'raw/long.json', line: 2, reason: 'line longer than the maximum line size' },
      { source_file: 'raw/long.json', line: 4, reason: 'not valid JSON' },
    ]);
  });

  it('stages an empty file as no rows', async () => {
    await stageFiles(db, contract, [file(0, 'raw/empty.json', '')], limits);
    expect((await runCounts(db, [], 'event_id')).rowsRead).toBe(0);
  });

  it('dedups by event_id keeping the earliest event_ts, then the first seen', async () => {
    const a = appEvent(
      0,
      {},
      { event_id: 'dup', event_ts: '2026-11-20T10:00:00Z', user_id: 'late' },
    );
    const b = appEvent(
      1,
      {},
      { event_id: 'dup', event_ts: '2026-11-20T09:00:00Z', user_id: 'early' },
    );
    const c = appEvent(
      2,
      {},
      { event_id: 'tie', event_ts: '2026-11-20T09:00:00Z', user_id: 'first' },
    );
    const d = appEvent(
      3,
      {},
      { event_id: 'tie', event_ts: '2026-11-20T09:00:00Z', user_id: 'second' },
    );
    await stageFiles(
      db,
      contract,
      [file(0, 'raw/1.json', toNdjson([a, c])), file(1, 'raw/2.json', toNdjson([b, d]))],
      limits,
    );
    const out = join(dir, 'out.parquet');
    const written = await writeCurated(
      db,
      contract,
      { manifestId: 'm-1', ingestedAt: '2026-11-20T12:00:00Z' },
      out,
      1000,
    );
    expect(written).toBe(2);
    const rows = await db.rows(
      `SELECT event_id, user_id, _source_file, _manifest_id FROM '${out}' ORDER BY event_id`,
    );
    expect(rows).toEqual([
      { event_id: 'dup', user_id: 'early', _source_file: 'raw/2.json', _manifest_id: 'm-1' },
      { event_id: 'tie', user_id: 'first', _source_file: 'raw/1.json', _manifest_id: 'm-1' },
    ]);
  });
});
