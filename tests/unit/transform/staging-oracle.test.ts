/**
 * Property: the one-pass, multi-core NDJSON staging (handlers/lib/contract/ndjson-sql.ts) and the
 * previous line-by-line staging (tests/unit/transform/oracle) agree line by line, on generated
 * files mixing good records with every kind of bad line: line numbers, reasons, raw text, typed
 * values, drift lists and the reader's rejects. A second case checks the line numbers of a file
 * large enough to be read by both threads.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { columnName } from '../../../handlers/lib/contract/contract';
import { sqlIdent } from '../../../handlers/lib/contract/sql-text';
import { openDuckDb, type DuckDbSession } from '../../../handlers/lib/duckdb/session';
import { READ_REJECTS_TABLE, stageFiles } from '../../../handlers/transform/convert/stage-files';
import { appEvent } from '../../fixtures/app-events';
import { ORACLE_READ_REJECTS, stageNdjsonV1 } from './oracle/stage-ndjson-v1';

const contract = contractFor('app');
const limits = { maxLineBytes: 4096 };
let dir: string;
let fresh: DuckDbSession;
let oracle: DuckDbSession;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'staging-oracle-'));
  fresh = await openDuckDb(mkdtempSync(join(dir, 'fresh-')), { memoryLimitMb: 256, threads: 2 });
  oracle = await openDuckDb(mkdtempSync(join(dir, 'oracle-')), { memoryLimitMb: 256, threads: 1 });
});
afterAll(() => {
  fresh.close();
  oracle.close();
  rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;
const base = (i: number): Json => JSON.parse(JSON.stringify(appEvent(i))) as Json;
const nested = (e: Json, obj: string): Json => e[obj] as Json;

/** One line of a generated file: a good record or one kind of bad line, as bytes. */
const lineKinds: ((i: number) => string | Buffer)[] = [
  (i) => JSON.stringify(base(i)),
  (i) => `  ${JSON.stringify(base(i))}  `,
  () => '',
  () => '   ',
  () => '\t',
  () => 'not json',
  (i) => JSON.stringify(base(i)).slice(0, 40),
  (i) => JSON.stringify(base(i)).replace(/}$/, ',}'),
  (i) => JSON.stringify(base(i)).replace('"clicks":', '"clicks":NaN,"x":'),
  (i) => JSON.stringify({ ...base(i), note: 'NaN, Infinity, ,}' }),
  () => '[1, 2]',
  () => '42',
  () => '"a string"',
  () => 'null',
  () => '{}',
  (i) => JSON.stringify({ ...base(i), referrer: 'x', 'a.b': 1 }),
  (i) => {
    const e = base(i);
    nested(e, 'location').zip = '9';
    return JSON.stringify(e);
  },
  (i) => {
    const { user_id: u, ...e } = base(i);
    return JSON.stringify({ ...e, USER_ID: u });
  },
  (i) => JSON.stringify({ ...base(i), session: 5 }),
  (i) => JSON.stringify({ ...base(i), session: [1] }),
  (i) => JSON.stringify({ ...base(i), session: '{"session_id":"s"}' }),
  (i) => JSON.stringify({ ...base(i), session: null }),
  (i) => JSON.stringify({ ...base(i), session: {} }),
  (i) => {
    const { event_type: _t, ...e } = base(i);
    return JSON.stringify(e);
  },
  (i) => JSON.stringify({ ...base(i), event_id: '  ' }),
  (i) => JSON.stringify({ ...base(i), event_ts: '2026-11-20T10:00:00' }),
  (i) => JSON.stringify({ ...base(i), event_ts: 1_763_632_800_000 }),
  (i) => JSON.stringify({ ...base(i), event_ts: 1_763_632_800 }),
  (i) => JSON.stringify({ ...base(i), user_id: { id: 1 } }),
  (i) => JSON.stringify({ ...base(i), user_id: '{not an object' }),
  (i) => JSON.stringify({ ...base(i), user_id: 7 }),
  (i) => {
    const e = base(i);
    nested(e, 'engagement').clicks = 1.5;
    nested(e, 'session').page_views = '2.0';
    nested(e, 'session').is_new = 'yes';
    return JSON.stringify(e);
  },
  (i) => {
    const e = base(i);
    nested(e, 'location').latitude = true;
    nested(e, 'properties').tags = [{ a: 1 }];
    return JSON.stringify(e);
  },
  (i) => {
    const e = base(i);
    nested(e, 'properties').tags = '["a","b"]';
    return JSON.stringify(e);
  },
  (i) => {
    const e = base(i);
    return JSON.stringify(Object.fromEntries(Object.entries(e).reverse()));
  },
  // Values the typing reads by a shortcut, next to their neighbours that take the exact rules.
  ...[' 12 ', '+5', '1e3', '-0', '007', '12.0', '-12', '9223372036854775808', 12.0, -3, 1e3, 0].map(
    (v) => (i: number) => {
      const e = base(i);
      nested(e, 'engagement').clicks = v;
      return JSON.stringify(e);
    },
  ),
  ...[
    '2026-11-20T10:00:00.123456789Z',
    '2026-11-20T10:00:00.1234565Z',
    '2026-11-20 10:00:00Z',
    '2026-11-20T10:00Z',
    '2026-11-20T10:00:00z',
    '2026-11-20T10:00:00+05:30',
    '2026-11-20T10:00:00-0530',
    '2026-11-20T10:00:00+14:00',
    '2026-11-20T24:00:00Z',
    '2026-02-30T00:00:00Z',
    '0001-01-01T00:00:00+01:00',
  ].map((v) => (i: number) => JSON.stringify({ ...base(i), event_ts: v })),
  ...[[], ['a'], ['a"b'], ['a\\b'], [1, 2], [null], ['a', ['b']], ['é', '\u2028']].map(
    (v) => (i: number) => {
      const e = base(i);
      nested(e, 'properties').tags = v;
      return JSON.stringify(e);
    },
  ),
  (i) => `{"event_id":"dup-key","event_id":"x${i}",${JSON.stringify(base(i)).slice(1)}`,
  () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
  (i) => JSON.stringify({ ...base(i), blob: 'x'.repeat(5000) }),
];

const fileArb = fc.record({
  kinds: fc.array(fc.nat({ max: lineKinds.length - 1 }), { minLength: 1, maxLength: 40 }),
  gzip: fc.boolean(),
  trailingNewline: fc.boolean(),
});

const cols = ['line_no', 'reason', 'raw', ...contract.fields.map((f) => columnName(f))]
  .map((c) => `CAST(${sqlIdent(c)} AS VARCHAR) AS ${sqlIdent(c)}`)
  .concat('unknown_fields')
  .join(', ');

let run = 0;

/** A generated file's bytes: one line of each kind, in order. */
function fileBody(kinds: readonly number[], trailingNewline: boolean): Buffer {
  const lines = kinds.map((k, i) => {
    const l = lineKinds[k]!(i);
    return typeof l === 'string' ? Buffer.from(l) : l;
  });
  const parts = lines.flatMap((l, i) =>
    i < lines.length - 1 || trailingNewline ? [l, Buffer.from('\n')] : [l],
  );
  return Buffer.concat(parts);
}

describe('the one-pass staging against the previous staging (oracle)', () => {
  it('agrees line by line on generated files with every kind of bad line', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, async ({ kinds, gzip, trailingNewline }) => {
        run += 1;
        const body = fileBody(kinds, trailingNewline);
        const path = join(dir, `in-${run}`);
        writeFileSync(path, gzip ? gzipSync(body) : body);
        const file = { path, gzip };
        const local = {
          ...file,
          idx: 0,
          sourceKey: 'raw/p.ndjson',
          format: 'ndjson' as const,
          bytes: body.length,
        };
        await stageFiles(fresh, contract, [local], limits);
        const got = await fresh.rows(`SELECT ${cols} FROM staged ORDER BY line_no`);
        const gotRejects = await fresh.rows(
          `SELECT line, reason FROM ${READ_REJECTS_TABLE} ORDER BY line`,
        );
        await stageNdjsonV1(oracle, contract, { path: `${path}`, gzip }, limits);
        const want = await oracle.rows(`SELECT ${cols} FROM staged ORDER BY line_no`);
        const wantRejects = await oracle.rows(
          `SELECT line, reason FROM ${ORACLE_READ_REJECTS} ORDER BY line`,
        );
        expect(got).toEqual(want);
        expect(gotRejects).toEqual(wantRejects);
      }),
      { numRuns: 30 },
    );
  });

  it('agrees line by line on the files of a manifest staged together by one statement', async () => {
    await fc.assert(
      // Files of one compression are read by one multi-file reader, mixed ones by one reader
      // each: both are generated.
      fc.asyncProperty(
        fc.array(fileArb, { minLength: 2, maxLength: 4 }),
        fc.boolean(),
        async (specs, oneCompression) => {
          run += 1;
          const locals = specs.map(({ kinds, gzip: own, trailingNewline }, idx) => {
            const gzip = oneCompression ? specs[0]!.gzip : own;
            const body = fileBody(kinds, trailingNewline);
            const path = join(dir, `in-${run}-${idx}`);
            writeFileSync(path, gzip ? gzipSync(body) : body);
            return {
              path,
              gzip,
              idx,
              sourceKey: `raw/p${idx}.ndjson`,
              format: 'ndjson' as const,
              bytes: body.length,
            };
          });
          await stageFiles(fresh, contract, locals, limits);
          for (const f of locals) {
            const got = await fresh.rows(
              `SELECT ${cols} FROM staged WHERE file_idx = ${f.idx} ORDER BY line_no`,
            );
            const gotRejects = await fresh.rows(
              `SELECT line, reason FROM ${READ_REJECTS_TABLE} WHERE file_idx = ${f.idx} ORDER BY line`,
            );
            await stageNdjsonV1(oracle, contract, { path: f.path, gzip: f.gzip }, limits);
            expect(got).toEqual(await oracle.rows(`SELECT ${cols} FROM staged ORDER BY line_no`));
            expect(gotRejects).toEqual(
              await oracle.rows(`SELECT line, reason FROM ${ORACLE_READ_REJECTS} ORDER BY line`),
            );
          }
        },
      ),
      { numRuns: 24 },
    );
  });

  it('numbers the lines of files staged together, each read by both threads, as their lines', async () => {
    const files = [0, 1].map((idx) => {
      const lines = Array.from({ length: 450_000 }, (_, i) =>
        i % (89 + idx) === 5 ? '' : `{"event_id":"F${idx}L${i + 1}"}`,
      );
      const body = lines.join('\n');
      const path = join(dir, `group-${idx}.ndjson`);
      writeFileSync(path, body);
      const records = lines.filter((l) => l !== '').length;
      return {
        idx,
        sourceKey: `raw/g${idx}.ndjson`,
        path,
        gzip: false,
        format: 'ndjson' as const,
        bytes: Buffer.byteLength(body),
        records,
      };
    });
    await stageFiles(fresh, contract, files, limits);
    const rows = await fresh.rows(
      `SELECT file_idx, count(*) AS n, count(*) FILTER (WHERE event_id IS DISTINCT FROM 'F' || file_idx || 'L' || line_no) AS wrong
       FROM staged GROUP BY file_idx ORDER BY file_idx`,
    );
    expect(rows).toEqual(files.map((f) => ({ file_idx: f.idx, n: String(f.records), wrong: '0' })));
  });

  it('numbers the lines of a file read by both threads as their lines in the file', async () => {
    const lines = Array.from({ length: 300_000 }, (_, i) =>
      i % 97 === 5 ? '' : `{"event_id":"L${i + 1}"}`,
    );
    const body = lines.join('\n');
    const path = join(dir, 'large.ndjson');
    writeFileSync(path, body);
    const file = { idx: 0, sourceKey: 'raw/large.ndjson', path, gzip: false };
    await stageFiles(
      fresh,
      contract,
      [{ ...file, format: 'ndjson', bytes: Buffer.byteLength(body) }],
      limits,
    );
    const [r] = await fresh.rows(
      `SELECT count(*) AS n, count(*) FILTER (WHERE event_id IS DISTINCT FROM 'L' || line_no) AS wrong,
         count(*) FILTER (WHERE json_extract_string(raw, '$.event_id') IS DISTINCT FROM 'L' || line_no) AS wrong_raw
       FROM staged`,
    );
    const records = lines.filter((l) => l !== '').length;
    expect(r).toEqual({ n: String(records), wrong: '0', wrong_raw: '0' });
  });
});
