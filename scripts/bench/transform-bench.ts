/**
 * Transform benchmark (`npm run bench`): for each size (100 MB and 1 GB; 4 GB too with
 * `--large`) one generated NDJSON file is converted to zstd Parquet, in the same run, by the
 * transform core (contract, rejects, DQ counts, dedup, Parquet), by a plain DuckDB
 * `COPY (SELECT * FROM read_json(...)) TO ... (FORMAT parquet)`, by a DuckDB COPY that writes
 * each raw line beside its record (`duckdb-copy-doc`: the curated output's shape, `_doc`
 * included, with no validation), and by pyarrow and polars (scripts/bench/engines.py, in the
 * bench's own venv, .venv-bench). Each engine runs in its own child process, so its CPU
 * seconds and peak RSS are its own; the table gives CPU and wall ratios against DuckDB's COPY.
 * With `--files N` the input is split into N files of consecutive lines (a manifest of small
 * files: the fixed cost per file), read by DuckDB's COPY as a glob and by the transform as one
 * manifest; pyarrow and polars, which read one file, are left out then.
 * Usage:
 *   npm run bench -- [--sizes 0.1,1] [--large] [--files N]
 *                    [--engines duckdb-copy,duckdb-copy-doc,transform,pyarrow,polars]
 *                    [--dir /tmp/transform-bench] [--memory-mb 1024] [--threads N]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawn, spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { contractFor } from '../../handlers/lib/contract/contracts';
import { dqRulesSchema } from '../../handlers/lib/dq/rules';
import { convertLocalFiles } from '../../handlers/transform/convert/convert-job';
import {
  localParquetPublisher,
  rowGroupRowsFor,
} from '../../handlers/transform/convert/local-parquet-publisher';
import { parseTransformConfig } from '../../handlers/transform/config';
import { appEvent } from '../../tests/fixtures/app-events';
import { runMain } from '../lib/run-main';
import { watchDiskPeak } from './dir-peak';

/** The engines a bench run compares; `duckdb-copy` is the reference of every ratio. */
const ENGINES = ['duckdb-copy', 'duckdb-copy-doc', 'transform', 'pyarrow', 'polars'] as const;
type Engine = (typeof ENGINES)[number];
const isEngine = (e: string): e is Engine => (ENGINES as readonly string[]).includes(e);

interface Options {
  sizesGb: number[];
  engines: Engine[];
  dir: string;
  memoryMb: number;
  threads: number;
  phase?: Engine;
  input?: string;
  /** Into how many files the input is split (1: the file itself). */
  files: number;
}

function parseArgs(argv: readonly string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const phase = get('phase');
  const sizes = (get('sizes') ?? get('size-gb') ?? '0.1,1').split(',').map(Number);
  if (argv.includes('--large')) sizes.push(4);
  const engines = (get('engines') ?? ENGINES.join(',')).split(',');
  const unknown = engines.filter((e) => !isEngine(e));
  if (unknown.length > 0) throw new Error(`unknown engines: ${unknown.join(', ')}`);
  return {
    sizesGb: sizes,
    engines: engines.filter(isEngine),
    dir: get('dir') ?? join(tmpdir(), 'transform-bench'),
    memoryMb: Number(get('memory-mb') ?? '1024'),
    threads: Number(get('threads') ?? String(availableParallelism())),
    files: Number(get('files') ?? '1'),
    ...(phase !== undefined && isEngine(phase) ? { phase } : {}),
    ...(get('input') ? { input: get('input') } : {}),
  };
}

/**
 * Streams a deterministic NDJSON file of at least `bytes`: ~0.5% duplicate ids, ~0.1% lines
 * the transform rejects (an event time that is no time). Every line is valid JSON, so the
 * reference engines, which have no reject path, read the same file.
 */
async function generate(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let rows = 0;
  for (let i = 0; written < bytes; i += 1) {
    let line: string;
    if (i % 1000 === 999) line = JSON.stringify({ ...appEvent(i, { seed: 7 }), event_ts: 'soon' });
    else if (i % 200 === 199) line = JSON.stringify(appEvent(i - 100, { seed: 7 }));
    else line = JSON.stringify(appEvent(i, { seed: 7 }));
    written += Buffer.byteLength(line) + 1;
    rows += 1;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

const isDirectory = (path: string): boolean => statSync(path).isDirectory();

/**
 * The input split into `n` files of consecutive lines and about equal bytes (in a folder beside
 * it, reused when present): a manifest of small files, each line in exactly one of them.
 */
async function splitByLines(input: string, n: number): Promise<string> {
  const dir = `${input}.parts-${n}`;
  if (existsSync(join(dir, '.done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const target = statSync(input).size / n;
  let part = 0;
  let bytes = 0;
  let out = createWriteStream(join(dir, 'part-00000.ndjson'));
  for await (const line of createInterface({
    input: createReadStream(input),
    crlfDelay: Infinity,
  })) {
    if (bytes >= target && part < n - 1) {
      out.end();
      await once(out, 'finish');
      part += 1;
      bytes = 0;
      out = createWriteStream(join(dir, `part-${String(part).padStart(5, '0')}.ndjson`));
    }
    const text = `${line}\n`;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(join(dir, '.done'), '');
  return dir;
}

interface PhaseResult {
  phase: string;
  /** CPU seconds (user + system, all threads) of the conversion alone, not the process start. */
  cpuS: number;
  ms: number;
  rowsIn: number;
  rowsOut: number;
  outBytes: number;
  maxRssMb: number;
  /** Peak bytes of the run's database, spill and outputs on disk (its input not counted). */
  peakDiskMb?: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/**
 * What each DuckDB reference engine copies: `duckdb-copy` the parsed records alone (the ratios'
 * reference); `duckdb-copy-doc` the same records beside each raw line, the curated output's
 * shape (`_doc` keeps every original record), so the cost of writing that output with no
 * validation at all is in the table next to the transform's.
 */
function baselineSelect(phase: Engine, inputPath: string): string {
  const input = isDirectory(inputPath) ? join(inputPath, '*.ndjson') : inputPath;
  const records = `read_json('${input}', format = 'newline_delimited', ignore_errors = true)`;
  if (phase !== 'duckdb-copy-doc') return `SELECT * FROM ${records}`;
  const lines = `read_csv('${input}', columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x01', quote = '', escape = '', auto_detect = false, max_line_size = 16777216)`;
  // The generated file has no blank or invalid line, so record n is line n.
  return `SELECT r.*, l.line AS _doc FROM ${records} r POSITIONAL JOIN ${lines} l`;
}

async function runBaseline(o: Options, input: string, phase: Engine): Promise<PhaseResult> {
  const out = join(o.dir, 'baseline.parquet');
  const db = await DuckDBInstance.create(':memory:', {
    memory_limit: `${o.memoryMb}MB`,
    threads: String(o.threads),
    temp_directory: join(o.dir, 'baseline-spill'),
  });
  const conn = await db.connect();
  const cpu = process.cpuUsage();
  const t = performance.now();
  const disk = watchDiskPeak([out, join(o.dir, 'baseline-spill')]);
  const reader = await conn.runAndReadAll(
    `COPY (${baselineSelect(phase, input)}) TO '${out}' (FORMAT parquet, COMPRESSION zstd)`,
  );
  const ms = performance.now() - t;
  const peakDiskMb = disk.stop() / 1024 ** 2;
  const cpuS = cpuSeconds(cpu);
  const rows = Number(reader.getRowObjectsJson()[0]?.Count ?? 0);
  conn.closeSync();
  db.closeSync();
  const result = {
    phase,
    cpuS,
    ms,
    rowsIn: rows,
    rowsOut: rows,
    outBytes: statSync(out).size,
  };
  rmSync(out, { force: true });
  return { ...result, maxRssMb: process.resourceUsage().maxRSS / 1024, peakDiskMb };
}

async function runTransform(o: Options, input: string): Promise<PhaseResult> {
  const workDir = join(o.dir, 'transform-work');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const config = {
    ...parseTransformConfig({
      RAW_BUCKET: 'bench',
      CURATED_BUCKET: 'bench',
      ARTIFACTS_BUCKET: 'bench',
      FILES_TABLE: 'bench',
      METRICS_TABLE: 'bench',
      LOCKS_TABLE: 'bench',
      LOCK_TTL_SECONDS: '300',
      ICEBERG_NAMESPACE: 'bench',
      DUCKDB_EXTENSION_DIR: 'bench',
      ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:bench',
      POWERTOOLS_SERVICE_NAME: 'bench',
      POWERTOOLS_METRICS_NAMESPACE: 'bench',
    }),
    duckdb: { memoryLimitMb: o.memoryMb, threads: o.threads },
    dqRules: dqRulesSchema.parse(contractFor('app').dq),
  };
  const paths = isDirectory(input)
    ? readdirSync(input)
        .filter((f) => f.endsWith('.ndjson'))
        .sort()
        .map((f) => join(input, f))
    : [input];
  const inputs = paths.map((path, idx) => ({
    idx,
    sourceKey: `raw/source=app/bench-${idx}.ndjson`,
    path,
    format: 'ndjson' as const,
    gzip: false,
    bytes: statSync(path).size,
  }));
  const cpu = process.cpuUsage();
  const t = performance.now();
  const run = { runId: 'bench', ingestedAt: '2026-11-20T00:00:00Z' };
  const outPath = join(workDir, 'curated.parquet');
  const contract = contractFor('app');
  const publish = localParquetPublisher(
    contract,
    outPath,
    rowGroupRowsFor(o.memoryMb),
    config.dqRules,
    run.runId,
    run.ingestedAt,
  );
  const disk = watchDiskPeak([workDir]);
  const c = await convertLocalFiles({ config }, run, contract, inputs, workDir, publish);
  const ms = performance.now() - t;
  const peakDiskMb = disk.stop() / 1024 ** 2;
  const cpuS = cpuSeconds(cpu);
  if (c.reasons.length > 0 || !c.publication)
    throw new Error(`the benchmark input failed its checks: ${c.reasons.join('; ')}`);
  const result = {
    phase: 'transform',
    cpuS,
    ms,
    rowsIn: c.counts?.rowsRead ?? 0,
    rowsOut: c.publication.rowsAdded,
    outBytes: statSync(outPath).size,
  };
  process.stderr.write(`transform stages (ms): ${JSON.stringify(c.durationsMs)}\n`);
  rmSync(workDir, { recursive: true, force: true });
  return { ...result, maxRssMb: process.resourceUsage().maxRSS / 1024, peakDiskMb };
}

function collect(phase: Engine, cmd: string, args: readonly string[]): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${phase} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as PhaseResult);
    });
  });
}

const BENCH_PYTHON = join(__dirname, '..', '..', '.venv-bench', 'bin', 'python');

function child(o: Options, phase: Engine, input: string): Promise<PhaseResult> {
  if (phase === 'pyarrow' || phase === 'polars') {
    const out = join(o.dir, `${phase}.parquet`);
    return collect(phase, BENCH_PYTHON, [join(__dirname, 'engines.py'), phase, input, out]);
  }
  const args = [...process.execArgv, process.argv[1]!, '--phase', phase, '--input', input];
  args.push('--files', String(o.files));
  args.push('--dir', o.dir, '--memory-mb', String(o.memoryMb), '--threads', String(o.threads));
  return collect(phase, process.execPath, args);
}

/** One size's results as rows of the bench table, ratios against DuckDB's COPY. */
function tableRows(mb: number, results: readonly PhaseResult[]): string[] {
  const ref = results.find((r) => r.phase === 'duckdb-copy');
  return results.map((r) => {
    const ratio = (a: number, b: number | undefined): string =>
      b === undefined ? '-' : `${(a / b).toFixed(2)}x`;
    return `| ${mb.toFixed(0)} MB | ${r.phase} | ${r.cpuS.toFixed(1)} | ${(r.ms / 1000).toFixed(1)} | ${ratio(r.cpuS, ref?.cpuS)} | ${ratio(r.ms, ref?.ms)} | ${Math.round(r.maxRssMb)} | ${r.peakDiskMb === undefined ? '-' : Math.round(r.peakDiskMb)} | ${r.rowsIn} | ${r.rowsOut} | ${(r.outBytes / 1024 ** 2).toFixed(1)} |`;
  });
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.phase && o.input) {
    const r =
      o.phase === 'transform'
        ? await runTransform(o, o.input)
        : await runBaseline(o, o.input, o.phase);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  if (o.engines.some((e) => e === 'pyarrow' || e === 'polars')) {
    const venv = spawnSync('bash', [join(__dirname, 'bench-venv.sh')], { stdio: 'inherit' });
    if (venv.status !== 0) throw new Error('could not install the bench venv (.venv-bench)');
  }
  mkdirSync(o.dir, { recursive: true });
  const oneFile = (e: Engine): boolean => e === 'pyarrow' || e === 'polars';
  const engines = o.files > 1 ? o.engines.filter((e) => !oneFile(e)) : o.engines;
  if (engines.length < o.engines.length) console.log('pyarrow and polars read one file: left out');
  const lines: string[] = [];
  for (const sizeGb of o.sizesGb) {
    const input = join(o.dir, `events-${sizeGb}gb-v2.ndjson`);
    const target = Math.round(sizeGb * 1024 ** 3);
    if (!existsSync(input) || statSync(input).size < target) {
      const t = performance.now();
      const rows = await generate(input, target);
      const s = ((performance.now() - t) / 1000).toFixed(1);
      console.log(`generated ${input}: ${rows} lines in ${s} s`);
    }
    const mb = statSync(input).size / 1024 ** 2;
    const read = o.files > 1 ? await splitByLines(input, o.files) : input;
    const shape = o.files > 1 ? ` as ${o.files} files` : '';
    console.log(
      `input ${mb.toFixed(0)} MB${shape}, memory limit ${o.memoryMb} MB, ${o.threads} threads`,
    );
    const results: PhaseResult[] = [];
    for (const engine of engines) results.push(await child(o, engine, read));
    lines.push(...tableRows(mb, results));
  }
  console.log(
    [
      '| input | engine | CPU s | wall s | CPU / DuckDB COPY | wall / DuckDB COPY | peak RSS MB | peak disk MB | rows in | rows out | output MB |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...lines,
    ].join('\n'),
  );
}

runMain(main);
