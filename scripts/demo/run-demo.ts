import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsClients } from '../../handlers/lib/aws/clients';
import { emulatorTargetAt, type EmulatorTarget } from '../../handlers/lib/aws/target';
import { invocationLine } from '../cli/commands/invocation-line';
import { openHandlerLog } from '../cli/handler-log';
import { runningDetachedEmulator, startDetachedEmulator } from '../emulator/detached';
import { startCatalog } from '../emulator/catalog';
import { startEmulator } from '../emulator/emulator';
import { directorySink } from '../generator/fs-sink';
import { generateDataset } from '../generator/generate-dataset';
import { discoverInput } from '../ingest/discover';
import { ingestFiles } from '../ingest/ingest-files';
import { deployLocally } from '../local/deployment';
import { LocalRuntime } from '../local/runtime/runtime';
import { envConfig } from '../../stacks/config/env-configs';
import { outcomeLines } from '../ops/outcome/outcome-lines';
import { takeOutcomeSnapshot } from '../ops/outcome/outcome-snapshot';
import { runOutcome, type RunOutcome } from '../ops/outcome/run-outcome';
import { formatTable } from '../ops/query/result-format';
import { queryCurated } from '../ops/query/query-curated';
import { collectSummary, type DateSummary } from './collect-summary';
import { demoDataset, recentDates } from './demo-dataset';
import type { DemoOptions } from './demo-options';
import { exportResults } from './export-results';
import { ensureInputContracts, inputSources } from './input-contracts';
import { summaryLines } from './print-summary';

const MIB = 1024 * 1024;
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * The demo's emulator: private (stops with the demo), with --keep detached, or with --target
 * endpoint one already running at a URL (a docker-compose service), with an Iceberg REST
 * catalog of the demo's own beside it for the curated tables.
 */
async function demoEmulator(
  o: DemoOptions,
  log: (l: string) => void,
): Promise<{ target: EmulatorTarget; stop(): Promise<void> }> {
  const { keep } = o;
  if (o.target === 'endpoint' && o.endpoint) {
    const region = envConfig('dev').region;
    const catalog = await startCatalog({ s3Endpoint: o.endpoint, region, timeoutMs: 120_000 });
    return {
      target: emulatorTargetAt(o.endpoint, 'endpoint', region, catalog.endpoint),
      stop: () => catalog.stop(),
    };
  }
  if (!keep) {
    const e = await startEmulator({ log });
    return { target: e.target, stop: () => e.stop() };
  }
  const running =
    (await runningDetachedEmulator()) ?? (await startDetachedEmulator(undefined, log));
  return { target: emulatorTargetAt(running.endpoint, 'embedded'), stop: () => Promise.resolve() };
}

/** What the demo did: per date, and the drain's outcome (whose exit code the demo ends with). */
export interface DemoResult {
  readonly dates: readonly DateSummary[];
  readonly outcome: RunOutcome;
}

/**
 * The main job on the embedded emulator, step by step: emulator, stack, events (generated, or
 * the user's own files), upload as producers do, handlers until idle, then what happened to
 * every file and row, a DuckDB query over the curated Parquet, and optionally a copy of the
 * results on disk.
 */
export async function runDemo(o: DemoOptions, print: (line: string) => void): Promise<DemoResult> {
  const started = Date.now();
  const step = (text: string): void => print(`\n== ${text}`);
  const work = await mkdtemp(join(tmpdir(), 'pipeline-demo-'));
  // Your own files: every source they name needs a contract, known before anything starts.
  const given = o.input
    ? await discoverInput([o.input], { source: o.source, date: o.date }).catch(async (err) => {
        await rm(work, { recursive: true, force: true });
        throw err;
      })
    : undefined;
  if (o.input && given) {
    await ensureInputContracts(given.files, o.input, {
      infer: o.infer,
      workDir: work,
      log: print,
    }).catch(async (err) => {
      await rm(work, { recursive: true, force: true });
      throw err;
    });
  }
  step(
    o.target === 'endpoint'
      ? `using the emulator at ${o.endpoint}`
      : 'starting the embedded AWS emulator',
  );
  const emulator = await demoEmulator(o, print);
  const clients = createAwsClients(emulator.target);
  try {
    step('synthesizing the dev stack and provisioning it on the emulator');
    const deployment = await deployLocally(clients, emulator.target, 'dev');
    const applied = deployment.report.applied;
    print(
      `${applied.length} resources (${applied.filter((a) => a.outcome === 'created').length} created) in ${deployment.names.env}: buckets, queues with DLQs, tables, topic, schedules`,
    );

    let inputDir = o.input;
    if (!inputDir) {
      const dates = recentDates(o.days);
      step(
        `generating ${o.days} days of app events (${dates[0]} to ${dates.at(-1)}, seed ${o.seed})`,
      );
      inputDir = join(work, 'events');
      const g = await generateDataset(demoDataset(o.seed, dates), directorySink(inputDir));
      const c = g.counts;
      print(
        `${g.files.length} files, ${(g.bytes / MIB).toFixed(1)} MB: ${c.events} events from ${g.users} users, ${c.lateEvents} late, ${c.duplicates} duplicate lines, ${c.nullUserIds} without user_id, ${c.badLines} unreadable lines, ${g.files.filter((f) => f.kind !== 'data').length} bad file(s)`,
      );
    }

    step(`uploading ${o.input ? o.input : 'them'} to the raw bucket as producers would`);
    const { files, skipped } =
      given ?? (await discoverInput([inputDir], { source: o.source, date: o.date }));
    if (skipped.length > 0) print(`${skipped.length} not uploaded:`);
    for (const s of skipped) print(`  ${s.path}: ${s.reason}`);
    const ingest = await ingestFiles(clients, files, {
      bucket: deployment.names.buckets.raw,
      partSize: 8 * MIB,
      partConcurrency: 4,
      concurrency: 8,
    });
    print(
      `${ingest.uploaded} uploaded (${(ingest.uploadedBytes / MIB).toFixed(1)} MB), ${ingest.skipped} already there, ${ingest.failed.length} failed`,
    );
    for (const f of ingest.failed) print(`  ${f.error.message}`);

    const log = openHandlerLog('demo');
    step(`running the handlers until every queue is idle (their logs: ${log.shown})`);
    const before = await takeOutcomeSnapshot(clients, deployment.names);
    let invocations = 0;
    let failed = 0;
    const runtime = new LocalRuntime(deployment, clients, {
      retryDelaySeconds: 1,
      handlerOutput: log.stream,
      onInvoke: (r) => {
        invocations++;
        if (r.outcome.kind !== 'ok' || r.failed.length > 0) {
          failed++;
          print(invocationLine(r));
        }
      },
    });
    const drained = Date.now();
    try {
      await runtime.runUntilIdle({ timeoutMs: 300_000 });
    } finally {
      await runtime.stop();
      await log.close();
    }
    print(`${invocations} invocations in ${seconds(drained)}`);
    const outcome = runOutcome(before, await takeOutcomeSnapshot(clients, deployment.names), {
      total: invocations,
      failed,
    });

    step('what happened, per ingestion date');
    const dates = await collectSummary(clients, deployment.names);
    for (const line of summaryLines(dates)) print(line);

    step('DuckDB over the curated tables (through the Iceberg catalog)');
    const sources = given ? inputSources(given.files) : ['app'];
    const sql = sources.includes('app')
      ? 'SELECT ingestion_date, event_type, count(*) AS events, count(DISTINCT user_id) AS users FROM events GROUP BY ALL ORDER BY ALL'
      : `SELECT ingestion_date, count(*) AS rows FROM "${sources[0]}" GROUP BY ALL ORDER BY ALL`;
    print(sql);
    try {
      const result = await queryCurated(clients, { names: deployment.names, sql });
      print(formatTable(result));
    } catch (err) {
      print(`no curated data to query: ${(err as Error).message}`);
    }

    if (o.out) {
      step(`copying the results to ${o.out}`);
      const exported = await exportResults(clients, deployment.names, o.out);
      print(
        `${exported.written} files written (tables/, curated/events/ as plain Parquet, rejects/, metrics/, manifests/, quarantine/), ${exported.skipped.length} not written`,
      );
      for (const s of exported.skipped)
        print(`  not written: s3://${s.bucket}/${s.key}: ${s.reason}`);
    }
    step(`done in ${seconds(started)}`);
    for (const line of outcomeLines(outcome)) print(line);
    if (o.keep) {
      print(`the emulator keeps running at ${emulator.target.endpoint}; the CLI uses it directly:`);
      print(
        '  npm run pipeline -- status        npm run pipeline -- query "SELECT count(*) FROM events"',
      );
      print('stop it with: npm run pipeline -- down');
    }
    return { dates, outcome };
  } finally {
    clients.destroy();
    await rm(work, { recursive: true, force: true });
    await emulator.stop();
  }
}
