/** `pipeline generate` and `pipeline ingest` as a person types them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import { usePipeline } from '../../helpers/pipeline';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
const work = mkdtempSync(join(tmpdir(), 'gen-ingest-cli-'));
const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-state-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'), ...args], {
    encoding: 'utf8',
    // A private state dir: no embedded emulator is "running" unless a test starts one.
    env: { ...process.env, PIPELINE_STATE_DIR: stateDir },
    timeout: scaled(120_000),
  });

function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

describe('pipeline generate / ingest', () => {
  it.each(['generate', 'ingest'])('%s --help shows an example', (command) => {
    const help = cli(command, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`Examples:\\n  pipeline ${command} `));
  });

  it('generates the same bytes twice for the same seed and prints its throughput', () => {
    const args = ['--events', '3000', '--dates', '2026-11-01..2026-11-02', '--file-size', '200KB'];
    const extra = ['--seed', '11', '--duplicate-rate', '1%', '--bad-line-rate', '0.5%', '--gzip'];
    const a = cli('generate', '--out', join(work, 'a'), ...args, ...extra);
    expect(a.stderr).not.toMatch(/\n\s+at /);
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(
      /3000 lines, [\d.]+ MB \([\d.]+ MB gzipped\) in [\d.]+ s \(\d+ MB\/s\)/,
    );
    expect(a.stdout).toContain(`next: pipeline ingest ${join(work, 'a')}`);
    const b = cli('generate', '--out', join(work, 'b'), ...args, ...extra, '--json');
    expect(b.status).toBe(0);
    const summary = JSON.parse(b.stdout) as { counts: { lines: number }; mbPerSecond: number };
    expect(summary.counts.lines).toBe(3000);
    expect(summary.mbPerSecond).toBeGreaterThan(0);
    const [ta, tb] = [tree(join(work, 'a')), tree(join(work, 'b'))];
    expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
    expect(
      [...ta.keys()].every((k) =>
        /^source=app\/ingestion_date=2026-11-0[12]\/part-\d{5}\.ndjson\.gz$/.test(k),
      ),
    ).toBe(true);
    for (const [k, v] of ta) expect(v.equals(tb.get(k)!)).toBe(true);
  });

  it('ingests the generated folder on an emulator given by URL, then skips it all when run again', () => {
    const at = ['--target', 'endpoint', '--endpoint', fx().backend.target.endpoint];
    const dir = join(work, 'a');
    const files = tree(dir).size;
    const first = cli('ingest', dir, ...at, '--concurrency', '3');
    expect(first.stderr).not.toMatch(/\n\s+at /);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(
        `uploaded ${files} file\\(s\\) \\([\\d.]+ MB, 0 multipart\\) to s3://${fx().names.buckets.raw} .*skipped 0 already present .* 0 failed`,
      ),
    );
    expect(first.stderr).toMatch(/ingesting \d+\/\d+ uploaded raw\/source=app\//);
    const again = cli('ingest', dir, ...at, '--json');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ uploaded: 0, skipped: files, failed: 0 });
  });

  it.each([
    [
      ['generate', '--out', 'x', '--dates', '2026-02-30'],
      /^error: --dates: "2026-02-30" is not a calendar date/,
    ],
    [
      ['generate', '--out', 'x', '--late-rate', '-0.5'],
      /^error: --late-rate must be a fraction from 0 to 1/,
    ],
    [['generate', '--out', 'x', '--events', '0'], /^error: --events must be a whole number from 1/],
    [['generate', '--out', 'x', '--bytes', '5 parsecs'], /^error: --bytes must be a size/],
    [
      ['generate', '--out', 'x', '--bad-file-kinds', 'empty,weird'],
      /^error: --bad-file-kinds: unknown kind "weird"/,
    ],
    [
      ['generate', '--out', 'x', '--format', 'parquet'],
      /^error: option '--format <format>' argument 'parquet' is invalid/,
    ],
    [['generate', '--events', '5'], /^error: required option '--out <dir>' not specified/],
    [['ingest'], /^error: missing required argument 'paths'/],
    [['ingest', '/no/such/folder'], /^error: \/no\/such\/folder does not exist$/],
    [['ingest', '.', '--date', '2026-02-30'], /^error: --date "2026-02-30" is not a calendar date/],
    [['ingest', '.', '--part-size', '1MB'], /^error: --part-size must be at least 5MiB/],
    [
      ['ingest', '.', '--concurrency', '0'],
      /^error: --concurrency must be a whole number from 1 to 64/,
    ],
  ])('pipeline %j fails in one line', (args, message) => {
    const result = cli(...args);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says to start the emulator when ingesting to an embedded target that is not running', () => {
    const result = cli('ingest', join(work, 'a'));
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      'error: the embedded emulator is not running; start it with: pipeline up',
    );
  });
});
