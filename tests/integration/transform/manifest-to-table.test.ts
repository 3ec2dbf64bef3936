import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { getManifest } from '../../../handlers/lib/tracking/manifest-repository';
import { appEvent, toCsv, toNdjson } from '../../fixtures/app-events';
import type { Json } from '@duckdb/node-api';
import { usePipeline } from '../../helpers/pipeline';
import { tableQuery } from '../../helpers/table-rows';
import { deliver, readRejects, readRunMetrics, seedManifest, transformDeps } from './support';
import { text } from '../../../handlers/lib/duckdb/session';

const fx = usePipeline();
const DATE = '2026-11-20';

describe('transform: manifest in, curated Iceberg rows out', () => {
  const events = Array.from({ length: 40 }, (_, i) => appEvent(i, { date: DATE }));
  // One duplicate of event 3 with a later time (dropped), one of event 5 earlier (kept).
  const lateDup = { ...events[3]!, event_ts: '2026-11-20T23:59:59.000Z', user_id: 'late' };
  const earlyDup = { ...events[5]!, event_ts: '2026-11-20T00:00:00.000Z', user_id: 'early' };
  const extra = { ...appEvent(100, { date: DATE }), referrer: 'newsletter' };
  const ndjson = `${toNdjson([...events.slice(0, 20), lateDup, extra])}{"event_id": broken\n`;
  const csv = toCsv([...events.slice(20), earlyDup]);

  let manifestId: string;
  let firstRows: unknown[] = [];
  const q = (sql: string): Promise<Record<string, Json>[]> =>
    tableQuery(fx().backend.target, fx().names.iceberg.namespace, sql);

  it('commits the rows with the contract columns, _doc and lineage', async () => {
    const msg = await seedManifest(fx(), DATE, [
      { name: 'a.ndjson', body: ndjson },
      { name: 'b.csv', body: csv },
    ]);
    manifestId = msg.manifestId;
    // 1 rejected line of 44; 2 duplicate rows of 43 (4.7%, above the 2% default): allowed here.
    const deps = transformDeps(fx(), {
      DQ_RULES: JSON.stringify([
        { kind: 'min_rows', id: 'rows_present', min: 1 },
        { kind: 'max_duplicate_rate', id: 'dups', column: 'event_id', max: 0.05 },
        { kind: 'max_reject_rate', id: 'rejects', max: 0.05 },
      ]),
    });
    expect(await deliver(fx(), deps, [msg])).toEqual({ batchItemFailures: [] });

    firstRows = await q('SELECT * FROM curated ORDER BY event_id');

    const [counts] = await q(
      `SELECT count(*) AS n, count(DISTINCT event_id) AS ids, count(DISTINCT _source_file) AS files, min(_manifest_id) AS mid FROM curated`,
    );
    expect(counts).toEqual({ n: '41', ids: '41', files: '2', mid: manifestId });

    const types = await q(`DESCRIBE SELECT * FROM curated`);
    const typeOf = Object.fromEntries(types.map((t) => [text(t.column_name), text(t.column_type)]));
    expect(typeOf).toMatchObject({
      event_id: 'VARCHAR',
      event_ts: 'TIMESTAMP',
      location_country: 'VARCHAR',
      location_latitude: 'DOUBLE',
      engagement_clicks: 'BIGINT',
      session_is_new: 'BOOLEAN',
      properties_tags: 'VARCHAR[]',
      _doc: 'VARCHAR',
      _source_file: 'VARCHAR',
      _manifest_id: 'VARCHAR',
      _ingested_at: 'TIMESTAMP',
      _source_line: 'BIGINT',
      ingestion_date: 'DATE',
    });

    const [e7] = await q(
      `SELECT _doc, location_country, device_user_agent, properties_tags, epoch_ms(event_ts) AS ms FROM curated WHERE event_id = '${events[7]!.event_id}'`,
    );
    expect(JSON.parse(text(e7!._doc))).toEqual(events[7]);
    expect(e7).toMatchObject({
      location_country: events[7]!.location.country,
      device_user_agent: events[7]!.device.user_agent,
      properties_tags: events[7]!.properties.tags,
    });
    expect(Number(e7!.ms)).toBe(Date.parse(String(events[7]!.event_ts)));

    const dedup = await q(
      `SELECT event_id, user_id FROM curated WHERE event_id IN ('${events[3]!.event_id}', '${events[5]!.event_id}') ORDER BY event_id`,
    );
    expect(dedup.map((r) => r.user_id).sort()).toEqual(['early', events[3]!.user_id].sort());
  });

  it('accounts for every input row: rejects + duplicates + output = rows read', async () => {
    const names = fx().names;
    const doc = await readRunMetrics(fx(), DATE, manifestId);
    expect(doc.rows).toEqual({
      read: 44,
      rejected: 1,
      accepted: 43,
      duplicates: 2,
      output: 41,
      refused: 0,
    });
    expect(doc.rows.rejected + doc.rows.duplicates + doc.rows.output).toBe(doc.rows.read);
    expect(doc.schemaDrift).toEqual({ rows: 1, fields: [{ field: 'referrer', rows: 1 }] });
    expect(doc.status).toBe('passed');

    const rejects = await readRejects(fx(), DATE, manifestId);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ line: 23, reason: 'not valid JSON' });
    expect(String(rejects[0]!.source_file)).toMatch(/a\.ndjson$/);

    const item = await fx().backend.clients.ddb.send(
      new GetCommand({
        TableName: names.tables.metrics,
        Key: { [TABLE_KEYS.metrics.partitionKey]: DATE, [TABLE_KEYS.metrics.sortKey]: manifestId },
      }),
    );
    expect(item.Item).toMatchObject({ status: 'passed', rows_output: 41, rows_rejected: 1 });
    const manifest = await getManifest(
      { ddb: fx().backend.clients.ddb, table: names.tables.files },
      manifestId,
    );
    expect(manifest?.status).toBe('DONE');
  });

  it('a rerun of the same manifest is a no-op: no commit, the same rows', async () => {
    const names = fx().names;
    const deps = transformDeps(fx(), {
      DQ_RULES: JSON.stringify([
        { kind: 'max_duplicate_rate', id: 'dups', column: 'event_id', max: 0.05 },
      ]),
    });
    const msg = {
      kind: 'manifest' as const,
      manifestId,
      ingestionDate: DATE,
      bucket: names.buckets.artifacts,
      key: objectKeys.manifest(DATE, manifestId),
    };
    const snapshots = `SELECT count(*) AS n FROM iceberg_snapshots(lake."${names.iceberg.namespace}"."app")`;
    const [before] = await q(snapshots);
    expect(await deliver(fx(), deps, [msg])).toEqual({ batchItemFailures: [] });
    expect(await q(snapshots)).toEqual([before]);
    expect(await q('SELECT * FROM curated ORDER BY event_id')).toEqual(firstRows);
  });
});
