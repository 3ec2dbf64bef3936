/**
 * Commit benchmark: what one manifest's Iceberg commit costs, and how the merge cost grows with
 * the rows the date already holds. On the embedded emulator and its REST catalog, a manifest of
 * `--rows` events is staged once per measurement and published two ways, alternating, into a
 * date that already holds 1, 10 and 100 manifests' worth of rows:
 * - append: one plain INSERT commit of the run's deduplicated rows (the floor any table pays);
 * - merge: the transform's commit (table lock, ledger look-up, replaced keys, dedup against the
 *   date, DQ over the date, commit record, read-back, ledger write).
 * Prints the publish time of each (medians of `--repeat`) and the merge/append ratio. Usage:
 *   npm run bench:commit -- [--rows 2000] [--repeat 3] [--levels 1,10,100]
 */
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { createAwsClients } from '../../handlers/lib/aws/clients';
import { contractFor } from '../../handlers/lib/contract/contracts';
import { attachCatalog, tableSql } from '../../handlers/lib/iceberg/catalog-session';
import { curatedTableName } from '../../handlers/lib/names';
import {
  candidateLineage,
  buildCandidates,
  curatedColumnList,
} from '../../handlers/transform/commit/candidates';
import { icebergPublisher } from '../../handlers/transform/commit/iceberg-publisher';
import { convertLocalFiles, type Publisher } from '../../handlers/transform/convert/convert-job';
import { transformDepsFromEnv } from '../../handlers/transform/index';
import type { TransformDeps, TransformJob } from '../../handlers/transform/job';
import { appEvents, toNdjson } from '../../tests/fixtures/app-events';
import { startEmulator } from '../emulator/emulator';
import { runMain } from '../lib/run-main';
import { deployLocally } from '../local/deployment';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The append-only reference: the run's rows in one plain INSERT commit, nothing else. */
function appendPublisher(deps: TransformDeps, job: TransformJob): Publisher {
  const contract = contractFor(job.source);
  return async (db) => {
    await attachCatalog(db, deps.catalog);
    await buildCandidates(db, contract, candidateLineage(job));
    const table = tableSql({
      namespace: deps.config.iceberg.namespace,
      table: curatedTableName(job.source),
    });
    const cols = curatedColumnList(contract);
    await db.run('BEGIN TRANSACTION');
    const [r] = await db.rows(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM candidates`);
    await db.run('COMMIT');
    const rows = Number(r?.Count ?? 0);
    return {
      rules: [],
      reasons: [],
      rowsAdded: rows,
      rowsRemoved: 0,
      duplicateRows: 0,
      alreadyCommitted: false,
    };
  };
}

async function main(): Promise<void> {
  const rows = Number(arg('rows', '2000'));
  const repeat = Number(arg('repeat', '3'));
  const levels = arg('levels', '1,10,100').split(',').map(Number);
  const emulator = await startEmulator();
  const work = mkdtempSync(join(tmpdir(), 'commit-bench-'));
  try {
    const clients = createAwsClients(emulator.target);
    const deployment = await deployLocally(clients, emulator.target, 'dev');
    const env = {
      ...deployment.functionEnv.transform,
      DQ_RULES: JSON.stringify([{ kind: 'min_rows', id: 'rows_present', min: 1 }]),
      TRANSFORM_TMP_DIR: work,
    };
    const deps: TransformDeps = { ...transformDepsFromEnv(env), ddb: clients.ddb, s3: clients.s3 };
    deps.logger.setLogLevel('ERROR');
    const contract = contractFor('app');
    let seed = 1;
    /** Stages a fresh manifest's worth of events for `date` and publishes it with `how`. */
    const publishOnce = async (date: string, how: 'append' | 'merge'): Promise<number> => {
      seed += 1;
      const dir = mkdtempSync(join(work, 'run-'));
      const path = join(dir, 'events.ndjson');
      writeFileSync(path, toNdjson(appEvents(rows, { date, seed })));
      const runId = `bench-${how}-${seed}`;
      const job: TransformJob = {
        kind: 'manifest',
        runId,
        ingestionDate: date,
        source: 'app',
        ingestedAt: '2026-11-20T00:00:00Z',
        files: [
          {
            bucket: 'bench',
            key: `raw/source=app/ingestion_date=${date}/${runId}.ndjson`,
            etag: 'e',
            size: statSync(path).size,
            manifestId: runId,
          },
        ],
      };
      const file = {
        idx: 0,
        sourceKey: job.files[0]!.key,
        path,
        format: 'ndjson' as const,
        gzip: false,
        bytes: statSync(path).size,
      };
      const publish =
        how === 'append' ? appendPublisher(deps, job) : icebergPublisher(deps, job, contract, dir);
      const c = await convertLocalFiles(deps, job, contract, [file], dir, publish);
      rmSync(dir, { recursive: true, force: true });
      if (c.reasons.length > 0) throw new Error(`bench run failed: ${c.reasons.join('; ')}`);
      return c.durationsMs.publish ?? 0;
    };
    const total = levels.reduce((n, l) => n + l, 0) + levels.length * repeat * 2;
    const bar = new SingleBar(
      { format: '{bar} {value}/{total} commits | {phase}' },
      Presets.shades_classic,
    );
    bar.start(total, 0, { phase: 'prefill' });
    const results = [];
    for (const [i, level] of levels.entries()) {
      const date = `2026-07-${String(i + 1).padStart(2, '0')}`;
      for (let m = 0; m < level; m += 1) {
        await publishOnce(date, 'append');
        bar.increment({ phase: `prefill ${date} (${level} manifests)` });
      }
      const append: number[] = [];
      const merge: number[] = [];
      for (let r = 0; r < repeat; r += 1) {
        append.push(await publishOnce(date, 'append'));
        bar.increment({ phase: `measure ${date}` });
        merge.push(await publishOnce(date, 'merge'));
        bar.increment({ phase: `measure ${date}` });
      }
      results.push({ level, append: median(append), merge: median(merge) });
    }
    bar.stop();
    const base = results[0]!;
    console.table(
      results.map((r) => ({
        'date holds (manifests)': r.level,
        'rows before the last merge': (r.level + repeat * 2 - 1) * rows,
        'append ms': r.append,
        'merge ms': r.merge,
        'merge / append': +(r.merge / r.append).toFixed(2),
        'merge vs first level': +(r.merge / base.merge).toFixed(2),
      })),
    );
    console.log(
      `${rows} rows per manifest, medians of ${repeat}; commit overhead per manifest at ${base.level} manifest(s): ${base.merge - base.append} ms (${(base.merge / base.append).toFixed(2)}x an append-only commit)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
    await emulator.stop();
  }
}

runMain(main);
