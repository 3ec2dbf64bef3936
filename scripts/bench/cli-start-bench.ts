/**
 * How long `pipeline --help` takes to answer from the CLI bundle (`npm run bootstrap` builds it)
 * against the TypeScript sources through tsx (the start before the bundle, and still the
 * fallback while the bundle is stale): median wall and CPU time of each, and their ratio. The
 * two starts run alternately in one process, so machine load weighs on both alike.
 *
 *   npm run bench:cli -- [--runs 7] [--args "status --help"]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildCliBundle } from '../build/cli-bundle';
import { PROJECT_ROOT } from '../emulator/paths';
import { runMain } from '../lib/run-main';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const RUNS = Number(arg('runs', '7'));
const ARGS = arg('args', '--help').split(' ').filter(Boolean);
const BIN = join(PROJECT_ROOT, 'scripts', 'bin', 'pipeline.cjs');
const PRELOAD = join(PROJECT_ROOT, 'scripts', 'bench', 'cpu-usage-preload.cjs');

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** One CLI start: wall time seen from here, CPU time as the child reports it. */
function timeStart(env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', PRELOAD, BIN, ...ARGS], {
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    let report = '';
    child.stdio[3]?.on('data', (d: Buffer) => (report += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`pipeline ${ARGS.join(' ')} exited ${code}`));
      const cpu = JSON.parse(report) as { user: number; system: number };
      resolve({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 });
    });
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

runMain(async () => {
  console.log(await buildCliBundle());
  const starts = {
    bundle: { ...process.env, PIPELINE_CLI_TSX: undefined },
    tsx: { ...process.env, PIPELINE_CLI_TSX: '1' },
  };
  const samples: Record<keyof typeof starts, Sample[]> = { bundle: [], tsx: [] };
  const load = loadavg()[0]!.toFixed(1);
  // One warm-up each (disk cache, tsx's compile cache), then alternating timed runs.
  await timeStart(starts.bundle);
  await timeStart(starts.tsx);
  for (let i = 0; i < RUNS; i++) {
    for (const key of ['bundle', 'tsx'] as const) samples[key].push(await timeStart(starts[key]));
  }
  console.log(`pipeline ${ARGS.join(' ')}: median of ${RUNS} runs each (load average ${load})`);
  const row = (name: string, s: readonly Sample[]): string =>
    `${name.padEnd(8)} wall ${median(s.map((x) => x.wallMs))
      .toFixed(0)
      .padStart(6)} ms   CPU ${median(s.map((x) => x.cpuMs))
      .toFixed(0)
      .padStart(6)} ms`;
  console.log(row('bundle', samples.bundle));
  console.log(row('tsx', samples.tsx));
  const ratio = (pick: (x: Sample) => number): string =>
    (median(samples.tsx.map(pick)) / median(samples.bundle.map(pick))).toFixed(1);
  console.log(`tsx / bundle: wall ${ratio((x) => x.wallMs)}x, CPU ${ratio((x) => x.cpuMs)}x`);
});
