import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PREFIXES } from '../../../handlers/lib/names';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { deliver, readRunMetrics, seedManifest, tableRows, transformDeps } from './support';

const fx = usePipeline();
const rules = { DQ_RULES: JSON.stringify([{ kind: 'min_rows', id: 'rows_present', min: 1 }]) };

describe('transform: reading the raw objects', () => {
  it('reads plain files in place over S3 (nothing in /tmp) and fetches gzip, with the same rows', async () => {
    const date = '2026-11-10';
    const tempDir = mkdtempSync(join(tmpdir(), 'raw-reads-it-'));
    // Every name that appears in the run's temp directory, however briefly.
    const seen = new Set<string>();
    const watcher = watch(tempDir, { recursive: true }, (_event, name) => {
      if (name) seen.add(String(name));
    });
    try {
      const plain = appEvents(40, { date, seed: 3 });
      const zipped = appEvents(30, { date, seed: 4 });
      const message = await seedManifest(fx(), date, [
        { name: 'plain.ndjson', body: toNdjson(plain) },
        { name: 'zipped.ndjson.gz', body: gzipSync(toNdjson(zipped)) },
      ]);
      // Every size is read in place here (the default reads files of 64 MB and more in place).
      const deps = transformDeps(fx(), {
        ...rules,
        TRANSFORM_TMP_DIR: tempDir,
        RAW_IN_PLACE_MIN_MB: '0',
      });
      expect(await deliver(fx(), deps, [message])).toEqual({ batchItemFailures: [] });
      const metrics = await readRunMetrics(fx(), date, message.manifestId);
      expect(metrics.status).toBe('passed');
      expect(metrics.input).toMatchObject({ files: 2, readInPlace: 1 });
      expect(metrics.rows).toMatchObject({ read: 70, output: 70 });
      const ids = (await tableRows(fx(), { date })).map((r) => r.event_id).sort();
      expect(ids).toEqual([...plain, ...zipped].map((e) => e.event_id).sort());
      // The gzip file was fetched (input-1); the plain one never touched the disk.
      const inputs = [...seen]
        .map((n) => n.split('/').at(-1)!)
        .filter((n) => n.startsWith('input-'));
      expect([...new Set(inputs)]).toEqual(['input-1']);
      expect(readdirSync(tempDir)).toEqual([]);
    } finally {
      watcher.close();
      rmSync(tempDir, { recursive: true, force: true });
    }
  });

  it('reads the version the manifest recorded when the object was overwritten since', async () => {
    const date = '2026-11-11';
    const recorded = appEvents(12, { date, seed: 5 });
    const message = await seedManifest(fx(), date, [
      { name: 'part.ndjson', body: toNdjson(recorded) },
    ]);
    // The producer writes the key again after the manifest was built.
    await fx().backend.clients.s3.send(
      new PutObjectCommand({
        Bucket: fx().names.buckets.raw,
        Key: `${PREFIXES.raw}source=app/ingestion_date=${date}/part.ndjson`,
        Body: toNdjson(appEvents(3, { date, seed: 6 })),
      }),
    );
    const deps = transformDeps(fx(), { ...rules, RAW_IN_PLACE_MIN_MB: '0' });
    expect(await deliver(fx(), deps, [message])).toEqual({ batchItemFailures: [] });
    const metrics = await readRunMetrics(fx(), date, message.manifestId);
    expect(metrics.input).toMatchObject({ files: 1, readInPlace: 0 });
    const ids = (await tableRows(fx(), { date })).map((r) => r.event_id).sort();
    expect(ids).toEqual(recorded.map((e) => e.event_id).sort());
  });
});
