/**
 * `pipeline compact`, `pipeline history` and `pipeline query --as-of` as an operator runs them,
 * on a curated table that small commits made: 20 DuckDB INSERT commits into one date through
 * the catalog (what 20 manifest merges leave), a DELETE (which DuckDB writes as position-delete
 * files), and a second date that must stay as it is. The ledger gets one merge record per
 * commit, as the transform writes them. The CLI runs as a process against the test's emulator
 * and its REST catalog.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryDuckDb, type DuckDbSession } from '../../../handlers/lib/duckdb/session';
import { tableSql } from '../../../handlers/lib/iceberg/catalog-session';
import { curatedTableRef, SCHEDULED_INPUTS } from '../../../handlers/lib/names';
import {
  commitsOfDate,
  recordCommit,
  type CommitRecord,
} from '../../../handlers/lib/tracking/commit-log';
import type { TableMaintenance } from '../../../handlers/maintenance/maintenance';
import { stackSchedules } from '../../../scripts/local/stack/functions';
import { exportResults } from '../../../scripts/demo/export-results';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import type { HistoryEntry } from '../../../scripts/ops/history/date-history';
import { curatedKeys, queryCurated, runtimeWith } from '../../fixtures/ops-pipeline';
import { withCatalog } from '../../helpers/catalog-reader';
import { curatedCountsByDate, curatedRows } from '../../helpers/curated-rows';
import { usePipeline } from '../../helpers/pipeline';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
jest.setTimeout(scaled(300_000));

const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-compact-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

function cli(args: readonly string[]) {
  const t = fx().backend.target;
  return spawnSync(
    process.execPath,
    [
      join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'),
      ...args,
      '--target',
      'endpoint',
      '--endpoint',
      t.endpoint,
      '--catalog',
      t.catalogEndpoint!,
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        PIPELINE_STATE_DIR: stateDir,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      timeout: scaled(180_000),
    },
  );
}

const D18 = '2026-11-18';
const D19 = '2026-11-19';
const table = () => tableSql(curatedTableRef(fx().names, 'app'));

/** Rows and a checksum over every column of a date: equal before and after means same rows. */
const checksumSql = (date: string, at = ''): string =>
  `SELECT count(*) AS n, CAST(bit_xor(hash(*COLUMNS(*))) AS VARCHAR) AS h FROM ${table()}${at} WHERE ingestion_date = DATE '${date}'`;

async function currentSnapshot(db: DuckDbSession): Promise<string | undefined> {
  const rows = await db.rows(
    `SELECT CAST(snapshot_id AS VARCHAR) AS id FROM iceberg_snapshots(${table()}) ORDER BY sequence_number DESC LIMIT 1`,
  );
  return rows[0]?.id as string | undefined;
}

/**
 * Live files of the current snapshot, by content (EXISTING is data, POSITION_DELETES); the
 * manifests also list the files a commit removed, with status DELETED.
 */
async function fileCounts(db: DuckDbSession): Promise<Record<string, number>> {
  const rows = await db.rows(
    `SELECT content, count(*) AS n FROM iceberg_metadata(${table()}) WHERE status <> 'DELETED' GROUP BY ALL`,
  );
  return Object.fromEntries(rows.map((r) => [r.content as string, Number(r.n)]));
}

const insertSql = (date: string, i: number): string =>
  `INSERT INTO ${table()} (event_id, event_type, user_id, event_ts, _manifest_id, ingestion_date) ` +
  `SELECT 'evt-${date}-${i}-' || k, 'view_item', 'u-' || (k % 3), TIMESTAMP '${date} 10:00:00' + to_seconds(k), 'm-${i}', DATE '${date}' FROM range(5) r(k)`;

let before: { d18: Record<string, unknown>; d19: Record<string, unknown> };
let beforeFiles: Record<string, number>;
let beforeCompaction: string;
let firstMerge: string;

beforeAll(async () => {
  const { names, backend } = fx();
  await withCatalog(backend.target, async (db) => {
    const commit = async (date: string, i: number, sql: string, removed = 0, added = 5) => {
      const parent = await currentSnapshot(db);
      await db.run(sql);
      const record: CommitRecord = {
        source: 'app',
        ingestionDate: date,
        runId: `m-${date}-${String(i).padStart(2, '0')}`,
        kind: 'merge',
        ...(parent ? { parentSnapshotId: parent } : {}),
        committedAt: new Date().toISOString(),
        rowsAdded: added,
        rowsRemoved: removed,
        rowsRead: added,
        rejectedRows: 0,
        acceptedRows: added,
        duplicateRows: 0,
      };
      await recordCommit(backend.clients.ddb, names.tables.metrics, record);
    };
    for (let i = 0; i < 20; i++) await commit(D18, i, insertSql(D18, i));
    for (let i = 0; i < 3; i++) await commit(D19, i, insertSql(D19, i));
    // A re-uploaded file replacing two rows: DuckDB writes a position-delete file for them.
    await commit(
      D18,
      20,
      `DELETE FROM ${table()} WHERE event_id IN ('evt-${D18}-3-0', 'evt-${D18}-3-1')`,
      2,
      0,
    );
    before = {
      d18: (await db.rows(checksumSql(D18)))[0]!,
      d19: (await db.rows(checksumSql(D19)))[0]!,
    };
    beforeFiles = await fileCounts(db);
    beforeCompaction = new Date().toISOString();
    firstMerge = (
      await db.rows(
        `SELECT CAST(snapshot_id AS VARCHAR) AS id FROM iceberg_snapshots(${table()}) ORDER BY sequence_number LIMIT 1`,
      )
    )[0]!.id as string;
  });
  // Snapshot times have millisecond resolution: keep --as-of strictly before the compaction.
  await new Promise((r) => setTimeout(r, 50));
});

describe('the seeded table', () => {
  it('has one data file per INSERT commit and delete files from the DELETE', () => {
    expect(before.d18.n).toBe('98');
    expect(before.d19.n).toBe('15');
    expect(beforeFiles.EXISTING).toBe(23);
    expect(beforeFiles.POSITION_DELETES).toBeGreaterThan(0);
  });

  it("is what the tests' readers see through the catalog: rows, counts, a date's data files", async () => {
    const { backend, names } = fx();
    expect(await curatedRows(backend.clients, names, { date: D19 })).toHaveLength(15);
    expect(await curatedCountsByDate(backend.clients, names)).toEqual(
      new Map([
        [D18, { rows: 98, ids: 98 }],
        [D19, { rows: 15, ids: 15 }],
      ]),
    );
    expect(await queryCurated(fx(), D19, 'SELECT count(*) AS n FROM events')).toEqual([
      { n: '15' },
    ]);
    const keys = await curatedKeys(fx(), D19);
    expect(keys).toHaveLength(3);
    for (const k of keys) expect(k).toMatch(/^tables\/app\//);
  });
});

describe('pipeline compact --date', () => {
  let run: ReturnType<typeof cli>;
  beforeAll(() => {
    run = cli(['compact', '--date', D18]);
  });

  it('rewrites the date into at most 2 data files and no delete files, in one line of output', () => {
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^${D18} app: 20 data files \\+ \\d+ delete files? -> [12] data files? \\+ 0 delete files, 98 rows, snapshot \\d+ \\(run compact-${D18}-[0-9a-f]{8}\\)\\n$`,
      ),
    );
  });

  it('keeps the same rows (count and checksum over every column) and leaves the other date untouched', async () => {
    await withCatalog(fx().backend.target, async (db) => {
      expect((await db.rows(checksumSql(D18)))[0]).toEqual(before.d18);
      expect((await db.rows(checksumSql(D19)))[0]).toEqual(before.d19);
      const files = await fileCounts(db);
      // The 19th keeps its 3 files; the 18th has 1 or 2 left; no delete file anywhere.
      expect(files.EXISTING).toBeGreaterThanOrEqual(4);
      expect(files.EXISTING).toBeLessThanOrEqual(5);
      expect(files.POSITION_DELETES ?? 0).toBe(0);
    });
  });

  it('shows the rewrite in pipeline history, with its snapshot, after the merges', async () => {
    const h = cli(['history', D18, '--json']);
    expect(h.status).toBe(0);
    const entries = JSON.parse(h.stdout) as HistoryEntry[];
    expect(entries).toHaveLength(22);
    const merges = entries.filter((e) => e.kind === 'merge');
    expect(merges).toHaveLength(21);
    expect(merges.every((e) => /^\d+$/.test(e.snapshotId ?? ''))).toBe(true);
    expect(new Set(merges.map((e) => e.snapshotId)).size).toBe(21);
    const compact = entries.at(-1)!;
    expect(compact).toMatchObject({
      kind: 'compact',
      rowsAdded: 98,
      rowsRemoved: 98,
    });
    expect(compact.runId).toMatch(new RegExp(`^compact-${D18}-`));
    const current = await withCatalog(fx().backend.target, currentSnapshot);
    expect(compact.snapshotId).toBe(current);
    const table = cli(['history', D18]);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^time\s+source\s+kind\s+run\s+\+rows\s+-rows\s+snapshot$/,
    );
    expect(table.stdout).toMatch(/compact\s+compact-2026-11-18-\S+\s+98\s+98\s+\d+/);
  });

  it('compacting again commits nothing', () => {
    const again = cli(['compact', '--date', D18]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/nothing to compact/);
  });
});

describe('the scheduled maintenance function (local runtime)', () => {
  const fire = async (env: Record<string, string>) => {
    const runtime = runtimeWith(fx(), { maintenance: env });
    try {
      const schedule = stackSchedules(fx().deployment.stack).find(
        (s) => JSON.stringify(s.input) === JSON.stringify(SCHEDULED_INPUTS.maintenance),
      )!;
      const record = await runtime.fireSchedule(schedule);
      expect(record?.outcome.kind).toBe('ok');
      return (record!.outcome as { result: TableMaintenance[] }).result;
    } finally {
      await runtime.stop();
    }
  };

  it('leaves a date committed to within the quiet period alone, then compacts it', async () => {
    const quiet = await fire({});
    expect(quiet).toEqual([
      expect.objectContaining({
        source: 'app',
        compacted: [],
        expiredSnapshots: 0,
        removedFiles: 0,
      }),
    ]);
    const [app] = await fire({ MAINTENANCE_QUIET_MINUTES: '0' });
    expect(app!.compacted.map((c) => [c.date, c.dataFilesBefore, c.dataFilesAfter])).toEqual([
      [D19, 3, 1],
    ]);
    await withCatalog(fx().backend.target, async (db) => {
      expect((await db.rows(checksumSql(D19)))[0]).toEqual(before.d19);
    });
    const kinds = (
      await commitsOfDate(fx().backend.clients.ddb, fx().names.tables.metrics, D19)
    ).map((r) => r.kind);
    expect(kinds).toEqual(['merge', 'merge', 'merge', 'compact']);
  });
});

describe('pipeline query', () => {
  const COUNT = 'SELECT ingestion_date, count(*) AS n FROM events GROUP BY 1 ORDER BY 1';

  it('reads the current state through the catalog, in the events and app views', () => {
    const run = cli(['query', '--json', COUNT]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      { ingestion_date: D18, n: 98 },
      { ingestion_date: D19, n: 15 },
    ]);
    const app = cli(['query', '--json', 'SELECT count(*) AS n FROM app']);
    expect(JSON.parse(app.stdout)).toEqual([{ n: 113 }]);
  });

  it('--as-of a time before the compaction and a snapshot id return the earlier states', () => {
    const earlier = cli(['query', '--json', '--as-of', beforeCompaction, COUNT]);
    expect(earlier.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(earlier.stdout)).toEqual([
      { ingestion_date: D18, n: 98 },
      { ingestion_date: D19, n: 15 },
    ]);
    const first = cli(['query', '--json', '--as-of', firstMerge, COUNT]);
    expect(JSON.parse(first.stdout)).toEqual([{ ingestion_date: D18, n: 5 }]);
  });

  it.each([
    [
      ['query', '--as-of', 'yesterday', 'SELECT 1'],
      /^error: --as-of must be a snapshot id or an ISO time/,
    ],
    [['query', '--as-of', '123', 'SELECT 1'], /^error: no curated table has snapshot 123/],
    [['compact', '--date', '2026-02-30'], /^error: --date must be a calendar date/],
    [['compact', '--source', 'nope'], /^error: unknown source "nope"/],
    [['history', 'nope'], /^error: the date must be a calendar date YYYY-MM-DD, not "nope"$/],
  ])('pipeline %j fails in one line', (args, message) => {
    const run = cli(args);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(message);
  });
});

describe('the demo export (--out)', () => {
  it("copies the table's files and writes each date's current rows as plain Parquet", async () => {
    const out = mkdtempSync(join(tmpdir(), 'pipeline-export-'));
    try {
      const { written, skipped } = await exportResults(fx().backend.clients, fx().names, out);
      expect(skipped).toEqual([]);
      const files = readdirSync(out, { recursive: true }).map(String);
      expect(files.some((f) => /^tables\/app\/metadata\/.*\.metadata\.json$/.test(f))).toBe(true);
      expect(files.some((f) => /^tables\/app\/data\/.*\.parquet$/.test(f))).toBe(true);
      const plain = files.filter((f) => f.startsWith('curated/events/') && f.endsWith('.parquet'));
      expect(plain.map((f) => f.split('/')[2]).sort()).toEqual([
        `ingestion_date=${D18}`,
        `ingestion_date=${D19}`,
      ]);
      expect(written).toBeGreaterThanOrEqual(plain.length + 2);
      // Readable with nothing but a Parquet reader, hive-partitioned by the folder names.
      const db = await openMemoryDuckDb();
      try {
        const glob = join(out, 'curated', 'events', '**', '*.parquet');
        expect(
          await db.rows(
            `SELECT CAST(ingestion_date AS VARCHAR) AS d, count(*) AS n FROM read_parquet('${glob}', hive_partitioning = true) GROUP BY 1 ORDER BY 1`,
          ),
        ).toEqual([
          { d: D18, n: '98' },
          { d: D19, n: '15' },
        ]);
      } finally {
        db.close();
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
