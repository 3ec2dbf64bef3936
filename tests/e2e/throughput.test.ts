/**
 * Throughput smoke: 200 files / 200 MB of generated events through the whole local flow
 * (upload as a producer, S3 notifications, manifest builder, transform to Parquet). Prints
 * files/s and MB/s for the upload and for the processing, then per phase (manifest builder,
 * transform) the busy time from the invocation records, its files/s and MB/s and which phase is
 * the bottleneck: figures to watch between changes on the same machine, never a timed
 * assertion. Run alone with:
 *   npx jest tests/e2e/throughput.test.ts --selectProjects e2e
 */
import { withFunctionEnv } from '../helpers/chaos/chaos-env';
import { curatedCountsByDate } from '../helpers/curated-rows';
import { usePipeline } from '../helpers/pipeline';
import { isoDates } from '../fixtures/e2e-datasets';
import { generateLocally, uploadDataset, type LocalDataset } from './support/dataset';
import { drainPipeline } from './support/drain';
import { phaseFigures, phaseReport, type TimedInvocation } from './support/phases';
import { stageReport, transformStageSeconds } from './support/run-durations';
import { quietEnv } from './support/environments';
import { dateTracking } from './support/tracking';
import { scaled } from '../helpers/time-scale';

const fx = usePipeline();
const MIB = 1024 * 1024;
const FILES = 200;

let dataset: LocalDataset | undefined;
afterAll(() => dataset?.remove());

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;
const rate = (n: number, s: number): string => (n / s).toFixed(1);

describe('end to end: throughput smoke', () => {
  it(
    'moves 200 files / 200 MB through the local flow and prints files/s and MB/s',
    async () => {
      const { clients } = fx().backend;
      const names = fx().names;
      const deployment = withFunctionEnv(fx().deployment, quietEnv(fx().deployment));
      const dates = isoDates('2026-07-01', 2);

      let t = process.hrtime.bigint();
      dataset = await generateLocally({
        seed: 200,
        source: 'app',
        dates,
        size: { bytes: FILES * MIB },
        fileBytes: MIB,
      });
      const generatedS = seconds(t);
      const bytes = dataset.summary.bytes;
      const mb = bytes / MIB;
      expect(dataset.files.length).toBeGreaterThanOrEqual(FILES);

      t = process.hrtime.bigint();
      await uploadDataset(clients, names.buckets.raw, dataset.files);
      const uploadS = seconds(t);
      t = process.hrtime.bigint();
      const timed: TimedInvocation[] = [];
      await drainPipeline(deployment, clients, {
        dates,
        runtime: { onInvoke: (record) => timed.push({ record, endedAtMs: Date.now() }) },
        drainTimeoutMs: scaled(560_000),
      });
      const processS = seconds(t);
      const totalS = uploadS + processS;

      const files = dataset.files.length;
      const stages = await transformStageSeconds(clients, names.buckets.artifacts, dates);
      console.log(
        [
          `throughput: ${files} files, ${mb.toFixed(1)} MB, ${dataset.summary.counts.lines} lines (generated in ${generatedS.toFixed(1)} s)`,
          `  upload:          ${uploadS.toFixed(1)} s  ${rate(files, uploadS)} files/s  ${rate(mb, uploadS)} MB/s`,
          `  build+transform: ${processS.toFixed(1)} s  ${rate(files, processS)} files/s  ${rate(mb, processS)} MB/s`,
          `  whole flow:      ${totalS.toFixed(1)} s  ${rate(files, totalS)} files/s  ${rate(mb, totalS)} MB/s`,
          ...phaseReport(
            [phaseFigures(timed, 'manifestBuilder'), phaseFigures(timed, 'transform')],
            { files, mb },
          ),
          stageReport(stages),
        ].join('\n'),
      );

      // Everything arrived: every file in a done manifest, every line curated.
      let manifested = 0;
      for (const date of dates) {
        const tr = await dateTracking(clients, names, date);
        expect(tr.manifests.FAILED).toEqual([]);
        manifested += tr.manifests.DONE.reduce((n, m) => n + m.file_count, 0);
      }
      expect(manifested).toBe(files);
      const curated = await curatedCountsByDate(clients, names);
      const rows = [...curated.values()].reduce((n, c) => n + c.rows, 0);
      expect(rows).toBe(dataset.summary.counts.lines);
    },
    scaled(600_000),
  );
});
