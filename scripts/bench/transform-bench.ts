/**
 * Transform benchmark: converts a generated NDJSON file (default 1 GB) with the transform core
 * (contract, rejects, DQ counts, dedup, Parquet) and, in the same run, with a plain DuckDB
 * `COPY (SELECT * FROM read_json(...)) TO ... (FORMAT parquet)` of the same file. Each side runs
 * in its own child process so its peak RSS is its own. Prints MB/s, rows/s, peak RSS and the
 * ratios transform/baseline. Usage:
 *   npm run bench:transform -- [--size-gb 1] [--dir /tmp/transform-bench] [--memory-mb 1024] [--threads N]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { contractFor } from '../../handlers/lib/contract/contracts';
import { dqRulesSchema } from '../../handlers/lib/dq/rules';
import { convertLocalFiles } from '../../handlers/transform/convert/convert-job';
import { localParquetPublisher } from '../../handlers/transform/convert/local-parquet-publisher';
import { parseTransformConfig, rowGroupRowsFor } from '../../handlers/transform/config';
import { appEvent } from '../../tests/fixtures/app-events';
import { runMain } from '../lib/run-main';

interface Options {
  sizeGb: number;
  dir: string;
  memoryMb: number;
  threads: number;
  phase?: 'baseline' | 'transform';
  input?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const phase = get('phase');
  return {
    sizeGb: Number(get('size-gb') ?? '1'),
    dir: get('dir') ?? join(tmpdir(), 'transform-bench'),
    memoryMb: Number(get('memory-mb') ?? '1024'),
    threads: Number(get('threads') ?? String(availableParallelism())),
    ...(phase === 'baseline' || phase === 'transform' ? { phase } : {}),
    ...(get('input') ? { input: get('input') } : {}),
  };
}

/** Streams a deterministic NDJSON file of at least `bytes`: ~0.5% duplicate ids, ~0.1% bad lines. */
async function generate(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let rows = 0;
  for (let i = 0; written < bytes; i += 1) {
    let line: string;
    if (i % 1000 === 999) line = '{"event_id": "truncated';
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

interface PhaseResult {
  phase: string;
  ms: number;
  rowsIn: number;
  rowsOut: number;
  outBytes: number;
  maxRssMb: number;
}

async function runBaseline(o: Options, input: string): Promise<PhaseResult> {
  const out = join(o.dir, 'baseline.parquet');
  const db = await DuckDBInstance.create(':memory:', {
    memory_limit: `${o.memoryMb}MB`,
    threads: String(o.threads),
    temp_directory: join(o.dir, 'baseline-spill'),
  });
  const conn = await db.connect();
  const t = performance.now();
  const reader = await conn.runAndReadAll(
    `COPY (SELECT * FROM read_json('${input}', format = 'newline_delimited', ignore_errors = true)) TO '${out}' (FORMAT parquet, COMPRESSION zstd)`,
  );
  const ms = performance.now() - t;
  const rows = Number(reader.getRowObjectsJson()[0]?.Count ?? 0);
  conn.closeSync();
  db.closeSync();
  const result = {
    phase: 'baseline',
    ms,
    rowsIn: rows,
    rowsOut: rows,
    outBytes: statSync(out).size,
  };
  rmSync(out, { force: true });
  return { ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 };
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
    rowGroupRows: rowGroupRowsFor(o.memoryMb),
    dqRules: dqRulesSchema.parse(contractFor('app').dq),
  };
  const file = {
    idx: 0,
    sourceKey: 'raw/source=app/bench.ndjson',
    path: input,
    format: 'ndjson' as const,
    gzip: false,
    bytes: statSync(input).size,
  };
  const t = performance.now();
  const run = { runId: 'bench', ingestedAt: '2026-11-20T00:00:00Z' };
  const outPath = join(workDir, 'curated.parquet');
  const contract = contractFor('app');
  const publish = localParquetPublisher(
    contract,
    outPath,
    config.rowGroupRows,
    config.dqRules,
    run.runId,
    run.ingestedAt,
  );
  const c = await convertLocalFiles({ config }, run, contract, [file], workDir, publish);
  const ms = performance.now() - t;
  if (c.reasons.length > 0 || !c.publication)
    throw new Error(`the benchmark input failed its checks: ${c.reasons.join('; ')}`);
  const result = {
    phase: 'transform',
    ms,
    rowsIn: c.counts?.rowsRead ?? 0,
    rowsOut: c.publication.rowsAdded,
    outBytes: statSync(outPath).size,
  };
  process.stderr.write(`transform stages (ms): ${JSON.stringify(c.durationsMs)}\n`);
  rmSync(workDir, { recursive: true, force: true });
  return { ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

function child(o: Options, phase: 'baseline' | 'transform', input: string): Promise<PhaseResult> {
  const args = [...process.execArgv, process.argv[1]!, '--phase', phase, '--input', input];
  args.push('--dir', o.dir, '--memory-mb', String(o.memoryMb), '--threads', String(o.threads));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${phase} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as PhaseResult);
    });
  });
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.phase && o.input) {
    const r =
      o.phase === 'baseline' ? await runBaseline(o, o.input) : await runTransform(o, o.input);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  mkdirSync(o.dir, { recursive: true });
  const input = join(o.dir, `events-${o.sizeGb}gb.ndjson`);
  const target = Math.round(o.sizeGb * 1024 ** 3);
  if (!existsSync(input) || statSync(input).size < target) {
    const t = performance.now();
    const rows = await generate(input, target);
    console.log(
      `generated ${input}: ${rows} lines in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  const mb = statSync(input).size / 1024 ** 2;
  console.log(
    `input ${mb.toFixed(0)} MB, DuckDB memory limit ${o.memoryMb} MB, ${o.threads} threads`,
  );
  const baseline = await child(o, 'baseline', input);
  const transform = await child(o, 'transform', input);
  const row = (r: PhaseResult) => ({
    phase: r.phase,
    seconds: +(r.ms / 1000).toFixed(1),
    'MB/s': +(mb / (r.ms / 1000)).toFixed(1),
    'rows/s': Math.round(r.rowsIn / (r.ms / 1000)),
    'rows in': r.rowsIn,
    'rows out': r.rowsOut,
    'output MB': +(r.outBytes / 1024 ** 2).toFixed(1),
    'peak RSS MB': Math.round(r.maxRssMb),
  });
  console.table([row(baseline), row(transform)]);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(
    `transform / baseline: time ${ratio(transform.ms, baseline.ms)}x, throughput ${ratio(baseline.ms, transform.ms)}x, peak RSS ${ratio(transform.maxRssMb, baseline.maxRssMb)}x`,
  );
}

runMain(main);
