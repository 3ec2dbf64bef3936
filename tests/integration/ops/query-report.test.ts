/**
 * `pipeline query` and `pipeline report` as an operator runs them, on curated data made by the
 * real flow: raw NDJSON put in the raw bucket, the S3 notifications, the manifest builder and
 * the transform run by the local runtime on the provisioned dev stack. The CLI runs as a
 * process against the test's emulator (--target endpoint) with a private state directory.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENV_VARS } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import { LocalRuntime } from '../../../scripts/local/runtime/runtime';
import type { ReportData } from '../../../scripts/ops/report/report-data';
import { describeWithChromium, openOfflinePage } from '../../helpers/browser';
import { usePipeline } from '../../helpers/pipeline';
import { appEvent, appEvents, toNdjson } from '../../fixtures/app-events';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
jest.setTimeout(scaled(300_000));

const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-query-report-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** The CLI as a process; `at` points it at this file's emulator unless a test says otherwise. */
function cli(args: readonly string[], at = true) {
  const t = at ? fx().backend.target : undefined;
  const target = t
    ? ['--target', 'endpoint', '--endpoint', t.endpoint, '--catalog', t.catalogEndpoint!]
    : [];
  return spawnSync(
    process.execPath,
    [join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'), ...args, ...target],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        PIPELINE_STATE_DIR: stateDir,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      timeout: scaled(120_000),
    },
  );
}

const BAD_LINE = '{"event_id": "broken", "event_type": ';

/**
 * Three dates: 18th clean (2 files, 80 rows); 19th with a bad line, a duplicate and an unknown
 * field, all within the DQ thresholds (50 rows), and an empty file, quarantined; 20th mostly
 * unreadable, so its run fails DQ and it has no curated rows.
 */
const RAW: readonly { date: string; name: string; body: string }[] = [
  {
    date: '2026-11-18',
    name: 'a.ndjson',
    body: toNdjson(appEvents(40, { seed: 1, date: '2026-11-18' })),
  },
  {
    date: '2026-11-18',
    name: 'b.ndjson',
    body: toNdjson(appEvents(40, { seed: 2, date: '2026-11-18' })),
  },
  {
    date: '2026-11-19',
    name: 'c.ndjson',
    body:
      toNdjson([
        ...appEvents(49, { seed: 3, date: '2026-11-19' }),
        { ...appEvent(49, { seed: 3, date: '2026-11-19' }), utm_campaign: 'fall' },
        appEvent(0, { seed: 3, date: '2026-11-19' }),
      ]) + `${BAD_LINE}\n`,
  },
  { date: '2026-11-19', name: 'empty.ndjson', body: '' },
  {
    date: '2026-11-20',
    name: 'd.ndjson',
    body: toNdjson(appEvents(10, { seed: 4, date: '2026-11-20' })) + `${BAD_LINE}\n`.repeat(5),
  },
];

beforeAll(async () => {
  const { backend, names, deployment } = fx();
  for (const f of RAW) {
    await backend.clients.s3.send(
      new PutObjectCommand({
        Bucket: names.buckets.raw,
        Key: objectKeys.raw('app', f.date, f.name),
        Body: f.body,
      }),
    );
  }
  // Emit each date's manifest as soon as its files are tracked instead of after 15 minutes.
  const builderEnv = {
    ...deployment.functionEnv.manifestBuilder,
    [ENV_VARS.manifestFlushAgeSeconds]: '0',
  };
  const runtime = new LocalRuntime(
    { ...deployment, functionEnv: { ...deployment.functionEnv, manifestBuilder: builderEnv } },
    backend.clients,
    { retryDelaySeconds: 0 },
  );
  try {
    await runtime.runUntilIdle({ timeoutMs: scaled(240_000) });
  } finally {
    await runtime.stop();
  }
});

const COUNT_SQL = 'SELECT ingestion_date, count(*) AS n FROM events GROUP BY 1 ORDER BY 1';

describe('pipeline query', () => {
  it('reads the curated table through the catalog and counts rows per ingestion date (table)', () => {
    const run = cli(['query', COUNT_SQL]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'ingestion_date   n',
      '--------------  --',
      '2026-11-18      80',
      '2026-11-19      50',
      '(2 rows)',
      '',
    ]);
    // Nothing is mirrored locally any more: the state directory holds no cache.
    expect(existsSync(join(stateDir, 'cache'))).toBe(false);
  });

  it('prints --json rows with numbers and --csv with a header, deduplicated and typed from the Parquet', () => {
    const json = cli(['query', '--json', COUNT_SQL]);
    expect(JSON.parse(json.stdout)).toEqual([
      { ingestion_date: '2026-11-18', n: 80 },
      { ingestion_date: '2026-11-19', n: 50 },
    ]);
    const csv = cli([
      'query',
      '--csv',
      `SELECT event_id, ingestion_date FROM events WHERE event_id = 'evt-3-0'`,
    ]);
    expect(csv.stdout).toBe('event_id,ingestion_date\r\nevt-3-0,2026-11-19\r\n');
  });

  it.each([
    [
      ['query', 'SELEC count(*) FROM events'],
      /^error: Parser Error: syntax error at or near "SELEC"$/,
    ],
    [['query', 'SELECT nope FROM events'], /^error: Binder Error: .*nope/],
    [
      ['query', '--json', '--csv', 'SELECT 1'],
      /^error: option '--json' cannot be used with option '--csv'/,
    ],
  ])('pipeline %j fails in one line', (args, message) => {
    const run = cli(args);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain('LINE 1');
  });

  it('says to start the emulator when the embedded target is not running', () => {
    const run = cli(['query', 'SELECT 1'], false);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toBe(
      'error: the embedded emulator is not running; start it with: pipeline up\n',
    );
  });

  it.each([['query'], ['report']])('pipeline %s --help shows an example', (command) => {
    const run = cli([command, '--help'], false);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Examples:\n  pipeline ${command} `));
    expect(run.stdout).toContain('--target <kind>');
  });
});

describe('pipeline report', () => {
  const out = join(stateDir, 'report.html');
  let data: ReportData;

  beforeAll(() => {
    const run = cli(['report', '--out', out, '--json']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(0);
    // Five overview charts and one per rule without one (the reject and duplicate rules have).
    expect(run.stderr).toMatch(
      /wrote .*report\.html: 3 date\(s\), 3 run\(s\), 1 failed, 10 charts/,
    );
    data = JSON.parse(run.stdout) as ReportData;
  });

  it('computes rows, rates against thresholds, drift and latency per date from the metrics documents', () => {
    expect(data.dates.map((d) => [d.date, d.rows.output, d.failedRuns])).toEqual([
      ['2026-11-18', 80, 0],
      ['2026-11-19', 50, 0],
      ['2026-11-20', 0, 1],
    ]);
    // The rows each date has in the table now, read through the catalog, agree.
    expect(data.dates.map((d) => d.tableRows)).toEqual([80, 50, 0]);
    const [d18, d19, d20] = data.dates;
    expect(d19!.rows).toEqual({ read: 52, rejected: 1, accepted: 51, duplicates: 1, output: 50 });
    expect(d19!.drift).toEqual({ rows: 1, fields: { utm_campaign: 1 } });
    expect(d20!.worstRejectRate).toBeCloseTo(5 / 15);
    expect(d20!.rejectThreshold).toBe(0.05);
    expect(d18!.duplicateThreshold).toBe(0.02);
    for (const d of [d18!, d19!]) expect(d.latencyMs).toMatchObject({ files: d === d18 ? 2 : 1 });
    expect(d18!.latencyMs!.max).toBeLessThan(300_000);
    expect(data.failures).toEqual([
      expect.objectContaining({
        date: '2026-11-20',
        reasons: [expect.stringMatching(/^reject_rate: 5 of 15 rows rejected/)],
      }),
    ]);
  });

  it('shows each rule per date from the latest run, and reads quarantine from the files table', () => {
    const rules = new Map(data.rules.rules.map((r) => [r.id, r]));
    expect(data.rules.dates).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
    expect(rules.get('reject_rate')!.cells.map((c) => c?.verdict)).toEqual([
      'pass',
      'pass',
      'fail',
    ]);
    expect(rules.get('reject_rate')!.cells[2]).toMatchObject({ value: 5 / 15, threshold: 0.05 });
    expect(rules.get('user_id_null_rate')).toMatchObject({ severity: 'hard', format: 'percent' });
    expect(rules.get('rows_present')).toMatchObject({ format: 'count', bound: 'min' });
    expect(data.totals).toMatchObject({ ruleFailures: 1, datesOverRejectThreshold: 1 });
    // The empty file, from the files table, with its reason and what to do.
    expect(data.quarantine).toMatchObject({ open: 1, openByDate: { '2026-11-19': 1 } });
    expect(data.quarantine!.files).toHaveLength(1);
    const [file] = data.quarantine!.files;
    expect(file).toMatchObject({
      date: '2026-11-19',
      key: 'raw/source=app/ingestion_date=2026-11-19/empty.ndjson',
      codes: ['empty'],
      state: 'awaiting release',
    });
    expect(file!.reason).toMatch(/^empty: object is empty/);
  });

  it.each([
    [
      ['report', '--out', 'r.html', '--from', '2026-02-30'],
      /^error: --from must be a calendar date YYYY-MM-DD, not "2026-02-30"$/,
    ],
    [
      ['report', '--json', '--from', '2026-11-20', '--to', '2026-11-19'],
      /^error: --from 2026-11-20 is after --to 2026-11-19$/,
    ],
    [['report'], /^error: say where the report goes: --out report\.html, or --json/],
  ])('pipeline %j fails in one line', (args, message) => {
    const run = cli(args);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  describeWithChromium('the page in headless Chromium', () => {
    it('draws every chart offline, one point per date in every dataset, with pixels on each canvas', async () => {
      expect(existsSync(out)).toBe(true);
      const browser = await openOfflinePage();
      try {
        await browser.page.goto(pathToFileURL(out).href);
        await browser.page.waitForSelector('body[data-charts="rendered"]', {
          timeout: scaled(30_000),
        });
        const charts = await browser.page.evaluate<ChartCheck[]>(CHART_CHECK);
        expect(charts.map((c) => c.id)).toEqual([
          'chart-rows',
          'chart-reject-rate',
          'chart-duplicate-rate',
          'chart-schema-drift',
          'chart-latency',
          ...data.rules.rules
            .filter((r) => r.kind !== 'max_reject_rate' && r.kind !== 'max_duplicate_rate')
            .map((r) => `chart-rule-${r.id}`),
        ]);
        expect(charts).toHaveLength(10);
        for (const c of charts) {
          expect(c.labels).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
          expect(c.datasets.length).toBeGreaterThan(0);
          for (const d of c.datasets) expect(d.length).toBe(3);
          // Axes, ticks and bars: well beyond a blank canvas.
          expect(c.painted / c.pixels).toBeGreaterThan(0.01);
        }
        const reject = charts.find((c) => c.id === 'chart-reject-rate')!;
        expect(reject.datasets.map((d) => d.label)).toEqual([
          'rejected rows',
          'worst single run',
          'threshold',
        ]);
        expect(browser.blocked).toEqual([]);
        if (process.env.REPORT_SCREENSHOT)
          await browser.page.screenshot({ path: process.env.REPORT_SCREENSHOT, fullPage: true });
      } finally {
        await browser.close();
      }
    });
  });
});

interface ChartCheck {
  id: string;
  labels: string[] | null;
  datasets: { label: string; length: number }[];
  painted: number;
  pixels: number;
}

/** Runs in the page: each canvas's Chart.js instance and how many of its pixels are painted. */
const CHART_CHECK = `(() => Array.from(document.querySelectorAll('canvas')).map((canvas) => {
  const chart = Chart.getChart(canvas);
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
  return {
    id: canvas.id,
    labels: chart ? chart.data.labels : null,
    datasets: chart ? chart.data.datasets.map((d) => ({ label: d.label, length: d.data.length })) : [],
    painted,
    pixels: canvas.width * canvas.height,
  };
}))()`;
