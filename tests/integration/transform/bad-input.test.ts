import { gzipSync } from 'node:zlib';
import { getManifest } from '../../../handlers/lib/tracking/manifest-repository';
import { rebuildRunId } from '../../../handlers/transform/process-message';
import { appEvent, appEvents, toCsv, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import {
  alertInbox,
  deliver,
  readRejects,
  readRunMetrics,
  seedManifest,
  transformDeps,
} from './support';

const fx = usePipeline();
const DATE = '2026-11-23';
/** Gate only on row presence, so each case shows its rejects instead of a reject-rate failure. */
const lenient = { DQ_RULES: JSON.stringify([{ kind: 'min_rows', id: 'rows_present', min: 1 }]) };

// Each case on its own ingestion date: DQ and dedup hold per date, so cases must not share one.
let cases = 0;
async function run(name: string, body: string | Buffer, env: Record<string, string> = lenient) {
  cases += 1;
  const date = `2026-08-${String(cases).padStart(2, '0')}`;
  const msg = await seedManifest(fx(), date, [
    { name, body },
    { name: `${name}-good.json`, body: toNdjson(appEvents(5, { date: DATE, seed: name.length })) },
  ]);
  expect(await deliver(fx(), transformDeps(fx(), env), [msg])).toEqual({
    batchItemFailures: [],
  });
  const t = { ddb: fx().backend.clients.ddb, table: fx().names.tables.files };
  const metrics = await readRunMetrics(fx(), date, msg.manifestId);
  return {
    date,
    metrics,
    // An unreadable input stops the run before rows are judged: no rejects document then.
    rejects: metrics.rejectsKey ? await readRejects(fx(), date, msg.manifestId) : [],
    manifest: await getManifest(t, msg.manifestId),
  };
}

const ok = (i: number) => JSON.stringify(appEvent(i, { date: DATE }));

describe('transform: bad input ends as rejects or a refused file, never a crash', () => {
  it('truncated last line', async () => {
    const { metrics, rejects } = await run('trunc.json', `${ok(1)}\n${ok(2).slice(0, 40)}`);
    expect(metrics.rows).toMatchObject({ read: 7, rejected: 1, output: 6 });
    expect(rejects).toEqual([expect.objectContaining({ line: 2, reason: 'not valid JSON' })]);
  });

  it('invalid UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from(`${ok(1)}\n`),
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from(`${ok(2)}\n`),
    ]);
    const { metrics, rejects } = await run('utf8.json', body);
    expect(metrics.rows).toMatchObject({ read: 8, rejected: 1, output: 7 });
    expect(rejects).toEqual([expect.objectContaining({ line: 2, reason: 'not valid UTF-8' })]);
  });

  it('a 10 MB single line', async () => {
    const big = JSON.stringify({
      ...appEvent(1, { date: DATE }),
      blob: 'x'.repeat(10 * 1024 * 1024),
    });
    const { metrics } = await run('big.json', `${big}\n`);
    expect(metrics.rows).toMatchObject({ read: 6, rejected: 0, output: 6 });
    expect(metrics.schemaDrift.fields).toEqual([{ field: 'blob', rows: 1 }]);
  });

  it('wrong types, missing required fields and unknown fields', async () => {
    const e = appEvent(1, { date: DATE });
    const lines = [
      JSON.stringify({
        ...e,
        event_id: 'wrong-type',
        engagement: { ...e.engagement, clicks: 'many' },
      }),
      JSON.stringify({ ...e, event_id: 'no-ts', event_ts: undefined }),
      JSON.stringify({ ...e, event_id: 'extra', coupon: 'X1' }),
    ];
    const { metrics, rejects } = await run('types.json', `${lines.join('\n')}\n`);
    expect(rejects.map((r) => r.reason)).toEqual([
      'engagement_clicks: cannot read "many" as integer',
      'missing required field event_ts',
    ]);
    expect(metrics.rows).toMatchObject({ read: 8, rejected: 2, output: 6 });
    expect(metrics.schemaDrift).toEqual({ rows: 1, fields: [{ field: 'coupon', rows: 1 }] });
  });

  it('an empty file', async () => {
    const { metrics } = await run('empty.json', '');
    expect(metrics.rows).toMatchObject({ read: 5, rejected: 0, output: 5 });
    expect(metrics.input.files).toBe(2);
  });

  it('CSV with a missing required column', async () => {
    const csv = toCsv(appEvents(3, { date: DATE }), ['event_id', 'event_type', 'user_id']);
    const { rejects } = await run('cols.csv', csv);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'missing required field event_ts'],
      [3, 'missing required field event_ts'],
      [4, 'missing required field event_ts'],
    ]);
  });

  it('a truncated gzip is refused on its own instead of losing its tail silently', async () => {
    const gz = gzipSync(toNdjson(appEvents(200, { date: DATE })));
    const { metrics, manifest, rejects, date } = await run(
      'cut.json.gz',
      gz.subarray(0, Math.floor(gz.length / 2)),
    );
    expect(metrics.status).toBe('passed');
    expect(metrics.refusedFiles).toEqual([
      {
        sourceKey: `raw/source=app/ingestion_date=${date}/cut.json.gz`,
        reason: expect.stringMatching(
          /cut\.json\.gz: gzip stream is truncated or corrupt \(unexpected end of file\)$/,
        ) as unknown,
        lines: expect.any(Number) as unknown,
      },
    ]);
    expect(metrics.rows).toMatchObject({
      read: 5,
      output: 5,
      refused: metrics.refusedFiles[0]!.lines,
    });
    expect(rejects).toEqual([
      expect.objectContaining({ source_file: metrics.refusedFiles[0]!.sourceKey, line: null }),
    ]);
    expect(manifest?.status).toBe('DONE');
  });

  it('a gzip that expands past what one run stages is refused with the limit, not retried', async () => {
    // Under the builder's cap compressed, far over the transform's limit expanded (a few KB
    // of gzip, over 1 MB of lines): the run stops reading it and stages the other file.
    const gz = gzipSync(toNdjson(appEvents(3_000, { date: DATE })));
    expect(gz.length).toBeLessThan(256 * 1024);
    const { metrics, manifest, rejects, date } = await run('big.ndjson.gz', gz, {
      ...lenient,
      MAX_STAGED_FILE_MB: '0.25',
    });
    const sourceKey = `raw/source=app/ingestion_date=${date}/big.ndjson.gz`;
    expect(metrics.status).toBe('passed');
    expect(metrics.refusedFiles).toEqual([
      {
        sourceKey,
        reason: `cannot read ${sourceKey}: the gzip stream expands past 256 KB, more than one transform run stages; send it in smaller files`,
      },
    ]);
    expect(metrics.rows).toMatchObject({ read: 5, output: 5 });
    expect(rejects).toEqual([
      expect.objectContaining({ source_file: sourceKey, line: null, lines: null }),
    ]);
    expect(manifest?.status).toBe('DONE');
  });

  it('a CSV whose header repeats a column is refused with a reason, not sent to the DLQ', async () => {
    const csv = toCsv(appEvents(3, { date: DATE })).replace(/^event_id,/, 'event_id,event_id,');
    const { metrics, manifest, date } = await run('dup.csv', csv);
    expect(metrics.refusedFiles).toEqual([
      {
        sourceKey: `raw/source=app/ingestion_date=${date}/dup.csv`,
        reason: `cannot read raw/source=app/ingestion_date=${date}/dup.csv: the CSV header repeats the column name "event_id"`,
        lines: 3,
      },
    ]);
    expect(metrics.rows).toMatchObject({ read: 5, rejected: 0, output: 5, refused: 3 });
    expect(manifest?.status).toBe('DONE');
  });

  it('a .json array of events is read as its records, a pretty-printed object as one', async () => {
    const array = await run('array.json', JSON.stringify(appEvents(40, { date: DATE }, 100)));
    expect(array.metrics.rows).toMatchObject({ read: 45, rejected: 0, output: 45 });
    const one = await run('one.json', JSON.stringify(appEvent(500, { date: DATE }), null, 2));
    expect(one.metrics.rows).toMatchObject({ read: 6, rejected: 0, output: 6 });
  });

  it('a source without a schema contract fails the manifest and alerts', async () => {
    const inbox = await alertInbox(fx());
    const msg = await seedManifest(
      fx(),
      DATE,
      [{ name: 'x.json', body: toNdjson(appEvents(2)) }],
      'billing',
    );
    expect(await deliver(fx(), transformDeps(fx(), lenient), [msg])).toEqual({
      batchItemFailures: [],
    });
    const t = { ddb: fx().backend.clients.ddb, table: fx().names.tables.files };
    expect(await getManifest(t, msg.manifestId)).toMatchObject({
      status: 'FAILED',
      reason:
        'no schema contract is configured for source "billing"; add contracts/billing.yaml (pipeline contract infer <files...> --source billing proposes one)',
    });
    const alerts = await inbox();
    expect(alerts.map((a) => a.Subject)).toEqual([
      `No schema contract: billing ${DATE} (${msg.manifestId})`,
    ]);
  });

  it('a corrupt gzip is refused with a readable reason, and alerts', async () => {
    const inbox = await alertInbox(fx());
    const gz = gzipSync(toNdjson(appEvents(50, { date: DATE })));
    const corrupt = Buffer.concat([gz.subarray(0, 30), Buffer.alloc(64, 0x55), gz.subarray(94)]);
    const { metrics, manifest, date } = await run('bad.json.gz', corrupt);
    expect(metrics.status).toBe('passed');
    expect(metrics.output?.rowsAdded).toBe(5);
    expect(metrics.refusedFiles.map((f) => f.reason)).toEqual([
      expect.stringMatching(
        /^cannot read raw\/source=app\/ingestion_date=[0-9-]+\/bad\.json\.gz: gzip stream is truncated or corrupt/,
      ),
    ]);
    expect(manifest?.status).toBe('DONE');
    const alerts = await inbox();
    expect(alerts.map((a) => a.Subject)).toEqual([
      `1 file(s) refused: app ${date} (${metrics.runId})`,
    ]);
  });

  it('a manifest of nothing but unreadable files fails naming each one', async () => {
    const gz = gzipSync(toNdjson(appEvents(50, { date: DATE })));
    const msg = await seedManifest(fx(), DATE, [
      { name: 'only.json.gz', body: gz.subarray(0, 40) },
    ]);
    expect(await deliver(fx(), transformDeps(fx(), lenient), [msg])).toEqual({
      batchItemFailures: [],
    });
    const metrics = await readRunMetrics(fx(), DATE, msg.manifestId);
    expect(metrics.status).toBe('failed');
    expect(metrics.reasons[0]).toMatch(/^cannot read .*only\.json\.gz: gzip stream is truncated/);
    const t = { ddb: fx().backend.clients.ddb, table: fx().names.tables.files };
    expect((await getManifest(t, msg.manifestId))?.status).toBe('FAILED');
  });

  it('a truncated gzip does not fail the rebuild of its date either', async () => {
    const date = '2026-11-26';
    const gz = gzipSync(toNdjson(appEvents(100, { date })));
    const msg = await seedManifest(fx(), date, [
      { name: 'cut.ndjson.gz', body: gz.subarray(0, Math.floor(gz.length / 2)) },
      { name: 'good.ndjson', body: toNdjson(appEvents(4, { date }, 500)) },
    ]);
    const deps = transformDeps(fx(), lenient);
    expect(await deliver(fx(), deps, [msg])).toEqual({ batchItemFailures: [] });
    const requestedAt = '2026-11-27T08:00:00.000Z';
    const rebuild = { kind: 'rebuild' as const, ingestionDate: date, requestedAt };
    expect(await deliver(fx(), deps, [rebuild])).toEqual({ batchItemFailures: [] });
    const metrics = await readRunMetrics(fx(), date, rebuildRunId(requestedAt));
    expect(metrics).toMatchObject({ kind: 'rebuild', status: 'passed', rows: { output: 4 } });
    expect(metrics.refusedFiles.map((f) => f.sourceKey)).toEqual([
      `raw/source=app/ingestion_date=${date}/cut.ndjson.gz`,
    ]);
  });
});
