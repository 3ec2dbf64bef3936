/**
 * A generated dataset through the real pipeline (ingest core, then the handlers in the local
 * runtime): what the generator says it injected is exactly what the transform counts, bad
 * files are quarantined, and a knob past its DQ threshold fails that date's run.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { PREFIXES } from '../../../handlers/lib/names';
import type { RunMetricsDocument } from '../../../handlers/transform/run-metrics';
import { directorySink } from '../../../scripts/generator/fs-sink';
import {
  generateDataset,
  type GenerationSummary,
} from '../../../scripts/generator/generate-dataset';
import type { GeneratorOptionsInput } from '../../../scripts/generator/options';
import { discoverFiles } from '../../../scripts/ingest/discover';
import { ingestFiles } from '../../../scripts/ingest/ingest-files';
import { MIN_PART_BYTES } from '../../../scripts/ingest/upload-file';
import { LocalRuntime } from '../../../scripts/local/runtime/runtime';
import { usePipeline } from '../../helpers/pipeline';
import { tableQuery } from '../../helpers/table-rows';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
const root = mkdtempSync(join(tmpdir(), 'gen-flow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dataset = (date: string, rates: GeneratorOptionsInput['rates']): GeneratorOptionsInput => ({
  seed: 21,
  source: 'app',
  dates: [date],
  size: { events: 4000 },
  fileBytes: 1024 * 1024,
  rates,
  badFileKinds: ['empty', 'wrong-extension'],
});

async function keys(bucket: string, prefix: string): Promise<string[]> {
  const listed = await fx().backend.clients.s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }),
  );
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function metrics(date: string): Promise<RunMetricsDocument> {
  const { artifacts } = fx().names.buckets;
  const [key] = await keys(artifacts, `${PREFIXES.metrics}ingestion_date=${date}/`);
  const got = await fx().backend.clients.s3.send(
    new GetObjectCommand({ Bucket: artifacts, Key: key }),
  );
  return JSON.parse(await got.Body!.transformToString()) as RunMetricsDocument;
}

describe('a generated dataset through the pipeline', () => {
  it(
    'is counted by the transform exactly as the generator injected it',
    async () => {
      const good = '2026-10-01';
      const noisy = '2026-10-02';
      const summaries: GenerationSummary[] = [];
      summaries.push(
        await generateDataset(
          dataset(good, {
            duplicate: 0.01,
            badLine: 0.01,
            late: 0.05,
            nullUser: 0.01,
            badFile: 0.5,
          }),
          directorySink(root),
        ),
      );
      summaries.push(
        await generateDataset(dataset(noisy, { nullUser: 0.08 }), directorySink(root)),
      );
      const files = await discoverFiles([root], {});
      const upload = await ingestFiles(fx().backend.clients, files, {
        bucket: fx().names.buckets.raw,
        concurrency: 4,
        partSize: MIN_PART_BYTES,
        partConcurrency: 2,
      });
      expect(upload.failed).toEqual([]);

      const logs = createWriteStream(join(root, 'handlers.log'));
      const runtime = new LocalRuntime(fx().deployment, fx().backend.clients, {
        retryDelaySeconds: 0,
        handlerOutput: logs,
      });
      try {
        await runtime.runUntilIdle({ timeoutMs: scaled(240_000) });
      } finally {
        await runtime.stop();
        logs.end();
      }

      const [g] = summaries;
      const m = await metrics(good);
      expect(m.status).toBe('passed');
      expect(m.rows).toEqual({
        read: g!.counts.lines,
        rejected: g!.counts.badLines,
        accepted: g!.counts.events + g!.counts.duplicates,
        duplicates: g!.counts.duplicates,
        output: g!.counts.events,
        refused: 0,
      });
      expect(m.refusedFiles).toEqual([]);
      expect(m.schemaDrift.rows).toBe(0);
      const bad = g!.files.filter((f) => f.kind !== 'data').map((f) => `${PREFIXES.raw}${f.path}`);
      expect(bad.length).toBeGreaterThan(0);
      expect(await keys(fx().names.buckets.quarantine, PREFIXES.raw)).toEqual(bad.sort());

      const n = await metrics(noisy);
      expect(n.status).toBe('failed');
      expect(n.rules.filter((r) => !r.passed).map((r) => r.id)).toEqual(['user_id_null_rate']);
      const perDate = await tableQuery(
        fx().backend.target,
        fx().names.iceberg.namespace,
        'SELECT CAST(ingestion_date AS VARCHAR) AS d, count(*) AS n FROM curated GROUP BY ALL',
      );
      // The noisy date committed nothing; the good one holds exactly the generated events.
      expect(perDate).toEqual([{ d: good, n: String(g!.counts.events) }]);
    },
    scaled(300_000),
  );
});
