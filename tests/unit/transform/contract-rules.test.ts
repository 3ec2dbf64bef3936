/**
 * The contract's value rules, one per way a lenient reader would curate a value the contract
 * should refuse (issue 12): each is a per-line reject naming the field and the rule.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import type { SourceContractInput } from '../../../handlers/lib/contract/contract';
import { formatOfKey, type LocalInputFile } from '../../../handlers/transform/convert/input-file';
import { runCounts } from '../../../handlers/transform/convert/run-stats';
import { stageFiles } from '../../../handlers/transform/convert/stage-files';
import { openDuckDb, text, type DuckDbSession } from '../../../handlers/lib/duckdb/session';
import { appEvent, toCsv } from '../../fixtures/app-events';

const APP_CONTRACT = contractFor('app');

const contract = contractFor('app');
const limits = { maxLineBytes: 1024 * 1024 };

async function withDb<T>(fn: (db: DuckDbSession, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'contract-rules-'));
  const db = await openDuckDb(dir, { memoryLimitMb: 256, threads: 1 });
  try {
    return await fn(db, dir);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function localFile(dir: string, key: string, body: string): LocalInputFile {
  const path = join(dir, 'f0');
  writeFileSync(path, body);
  return {
    idx: 0,
    sourceKey: key,
    path,
    format: formatOfKey(key),
    gzip: false,
    bytes: body.length,
  };
}

/** Stages NDJSON lines and returns each line's reason (null when accepted). */
async function reasonsOf(lines: readonly string[], c = contract): Promise<(string | null)[]> {
  return withDb(async (db, dir) => {
    await stageFiles(db, c, [localFile(dir, 'raw/x.ndjson', `${lines.join('\n')}\n`)], limits);
    const rows = await db.rows('SELECT reason FROM staged ORDER BY ord');
    return rows.map((r) => (r.reason === null ? null : text(r.reason)));
  });
}

const line = (overrides: Record<string, unknown>, i = 0): string =>
  JSON.stringify({ ...appEvent(i), ...overrides });

describe('contract value rules', () => {
  it('rejects an empty or blank dedup key instead of merging two events keyed ""', async () => {
    expect(
      await reasonsOf([line({ event_id: '' }, 1), line({ event_id: '   ' }, 2), line({}, 3)]),
    ).toEqual([
      'event_id: required value is empty or blank',
      'event_id: required value is empty or blank',
      null,
    ]);
  });

  it('refuses epoch seconds in an epoch_ms field instead of reading a 1970 date', async () => {
    const seconds = Math.floor(Date.parse('2026-11-20T10:00:00Z') / 1000);
    expect(await reasonsOf([line({ event_ts: seconds })])).toEqual([
      `event_ts: cannot read "${seconds}" as timestamp (iso8601_offset or epoch_ms of 12-13 digits)`,
    ]);
  });

  it('reads epoch seconds where the contract declares the epoch_s unit', async () => {
    const c: SourceContractInput = {
      ...APP_CONTRACT,
      fields: APP_CONTRACT.fields.map((f) =>
        f.path.join('.') === 'event_ts' ? { ...f, timestampFormats: ['epoch_s', 'epoch_ms'] } : f,
      ),
    };
    const seconds = Math.floor(Date.parse('2026-11-20T10:00:00Z') / 1000);
    const ms = Date.parse('2026-11-20T10:00:00Z');
    await withDb(async (db, dir) => {
      const body = `${line({ event_ts: seconds }, 1)}\n${line({ event_ts: ms }, 2)}\n`;
      await stageFiles(db, contractFor('app', [c]), [localFile(dir, 'raw/s.ndjson', body)], limits);
      const rows = await db.rows('SELECT CAST(event_ts AS VARCHAR) AS ts FROM staged ORDER BY ord');
      expect(rows.map((r) => r.ts)).toEqual(['2026-11-20 10:00:00', '2026-11-20 10:00:00']);
    });
  });

  it('refuses a UTC offset that does not exist (+25:00)', async () => {
    expect(
      await reasonsOf([
        line({ event_ts: '2026-11-20T10:00:00+25:00' }),
        line({ event_ts: '2026-11-20T10:00:00+14:00' }, 1),
      ]),
    ).toEqual([
      'event_ts: cannot read "2026-11-20T10:00:00+25:00" as timestamp (iso8601_offset or epoch_ms of 12-13 digits)',
      null,
    ]);
  });

  it('never rounds 1.5 into an integer field, but reads 2.0 as 2', async () => {
    const e = appEvent(0);
    const reasons = await reasonsOf([
      line({ engagement: { ...e.engagement, clicks: 1.5 } }),
      line({ engagement: { ...e.engagement, clicks: 2.0 } }, 1),
      line({ engagement: { ...e.engagement, clicks: '3' } }, 2),
    ]);
    expect(reasons).toEqual(['engagement_clicks: cannot read "1.5" as integer', null, null]);
  });

  it('refuses a number that overflows a double (1e400) and NaN/Infinity', async () => {
    const base = JSON.stringify({ ...appEvent(0), location: { country: 'DE' } });
    const withLat = (v: string): string =>
      base.replace('"country":"DE"', `"country":"DE","latitude":${v}`);
    expect(await reasonsOf([withLat('1e400'), withLat('"Infinity"'), withLat('NaN')])).toEqual([
      'location_latitude: cannot read "1e400" as double',
      'location_latitude: cannot read "Infinity" as double',
      'not valid JSON (NaN and Infinity are not JSON numbers)',
    ]);
  });

  it('refuses a record with a trailing comma, but not a comma inside a string', async () => {
    const ok = line({});
    expect(
      await reasonsOf([
        `${ok.slice(0, -1)},}`,
        ok.replace('{', '{"note":"a,}",'),
        `${ok.slice(0, -1)},"list":[1,2,]}`,
      ]),
    ).toEqual(['not valid JSON (a trailing comma)', null, 'not valid JSON (a trailing comma)']);
  });

  it('refuses an object or array where the contract wants a scalar or an object', async () => {
    const e = appEvent(0);
    expect(
      await reasonsOf([
        line({ properties: { ...e.properties, tags: [{ t: 1 }] } }),
        line({ session: 'abc' }, 1),
        line({ location: [1, 2] }, 2),
        line({ engagement: { ...e.engagement, clicks: { n: 1 } } }, 3),
      ]),
    ).toEqual([
      'properties_tags: cannot read an array as string_list',
      'session: cannot read a string as an object',
      'location: cannot read an array as an object',
      'engagement_clicks: cannot read an object as integer',
    ]);
  });

  it('rejects a CSV row with too few or too many cells instead of padding it with NULLs', async () => {
    const events = [appEvent(0), appEvent(1), appEvent(2)];
    const csv = toCsv(events, ['event_id', 'event_type', 'event_ts']).split('\n');
    csv[1] = csv[1]!.split(',').slice(0, 2).join(',');
    csv[2] = `${csv[2]},extra`;
    await withDb(async (db, dir) => {
      await stageFiles(db, contract, [localFile(dir, 'raw/c.csv', csv.join('\n'))], limits);
      const rejects = await db.rows('SELECT line, reason FROM read_rejects ORDER BY line');
      expect(rejects).toEqual([
        { line: '2', reason: 'too few cells: expected 3, found 2' },
        { line: '3', reason: 'too many cells: expected 3, found 4' },
      ]);
      expect((await runCounts(db, [], 'event_id')).acceptedRows).toBe(1);
    });
  });
});

describe('field names', () => {
  it('rejects a field spelled in another case, naming both spellings', async () => {
    const { user_id: _u, ...noUser } = appEvent(0);
    const { event_id: id, ...noId } = appEvent(1);
    const e = appEvent(2);
    expect(
      await reasonsOf([
        JSON.stringify({ ...noUser, USER_ID: 'u1' }),
        JSON.stringify({ ...noId, EVENT_ID: id }),
        JSON.stringify({ ...e, session: { ...e.session, Session_Id: 's' } }),
      ]),
    ).toEqual([
      'USER_ID is not a contract field; field names are case-sensitive: did you mean user_id?',
      'missing required field event_id; EVENT_ID is not a contract field; field names are case-sensitive: did you mean event_id?',
      'session.Session_Id is not a contract field; field names are case-sensitive: did you mean session.session_id?',
    ]);
  });

  it('tells a dotted top-level key from the nested field in the drift report', async () => {
    await withDb(async (db, dir) => {
      const body = `${JSON.stringify({ ...appEvent(0), 'session.session_id': 'flat' })}\n`;
      await stageFiles(db, contract, [localFile(dir, 'raw/d.ndjson', body)], limits);
      const counts = await runCounts(db, [], 'event_id');
      expect(counts.driftFields).toEqual([{ field: '"session.session_id"', rows: 1 }]);
    });
  });
});
