/**
 * Curated-cache sync benchmark on an embedded emulator of its own: N objects under the curated
 * prefix, then (1) the baseline, a plain sequential GetObject of every object to disk, (2) a
 * cold sync into an empty cache, (3) a warm sync with nothing changed, (4) a sync after one
 * object changed. Prints seconds, MB/s and the ratios against the baseline and the cold sync.
 * Usage: npx tsx scripts/ops/query/bench/cache-sync-bench.ts [--objects 100] [--mb 1]
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsClients } from '../../../../handlers/lib/aws/clients';
import { emulatorTargetAt } from '../../../../handlers/lib/aws/target';
import { objectKeys } from '../../../../handlers/lib/object-keys';
import { downloadToFile } from '../../../../handlers/transform/io/s3-files';
import { startEmulator } from '../../../emulator/emulator';
import { runMain } from '../../../lib/run-main';
import { syncCuratedCache } from '../curated-cache';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};

const seconds = async (f: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
};

runMain(async () => {
  const objects = arg('objects', 100);
  const mb = arg('mb', 1);
  const emulator = await startEmulator();
  const clients = createAwsClients(emulatorTargetAt(emulator.endpoint, 'embedded'));
  const dir = mkdtempSync(join(tmpdir(), 'cache-bench-'));
  try {
    const bucket = 'bench-curated';
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const keys = Array.from({ length: objects }, (_, i) =>
      objectKeys.curatedPart(`2026-11-${String(1 + (i % 28)).padStart(2, '0')}`, `m-${i}`),
    );
    for (const key of keys)
      await clients.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: randomBytes(mb * 1_048_576) }),
      );
    const totalMb = objects * mb;

    const baseDir = join(dir, 'baseline');
    const baseline = await seconds(async () => {
      await mkdir(baseDir, { recursive: true });
      for (const [i, key] of keys.entries())
        await downloadToFile(clients.s3, { bucket, key }, join(baseDir, `${i}.parquet`));
    });
    const root = join(dir, 'cache');
    let downloaded = 0;
    const cold = await seconds(async () => {
      downloaded = (await syncCuratedCache(clients.s3, { bucket, root })).downloaded;
    });
    const warm = await seconds(() => syncCuratedCache(clients.s3, { bucket, root }));
    await clients.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: keys[0], Body: randomBytes(mb * 1_048_576) }),
    );
    let changed = 0;
    const oneChanged = await seconds(async () => {
      changed = (await syncCuratedCache(clients.s3, { bucket, root })).downloaded;
    });

    const rate = (s: number): string => `${(totalMb / s).toFixed(1)} MB/s`;
    console.log(`objects: ${objects} x ${mb} MB = ${totalMb} MB (embedded emulator)`);
    console.log(`baseline sequential GetObject: ${baseline.toFixed(2)} s (${rate(baseline)})`);
    console.log(`cold sync (${downloaded} downloaded):  ${cold.toFixed(2)} s (${rate(cold)})`);
    console.log(`warm sync (nothing changed):  ${warm.toFixed(3)} s`);
    console.log(`sync after 1 change (${changed} downloaded): ${oneChanged.toFixed(3)} s`);
    console.log(`ratio cold/baseline: ${(cold / baseline).toFixed(2)}`);
    console.log(`ratio warm/cold: ${(warm / cold).toFixed(3)}`);
    console.log(`ratio one-change/cold: ${(oneChanged / cold).toFixed(3)}`);
  } finally {
    clients.destroy();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
