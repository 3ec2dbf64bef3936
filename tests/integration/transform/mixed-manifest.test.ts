/**
 * One manifest of good and bad files through the real flow (raw bucket, builder, transform in
 * the local runtime, with retries and DLQs as on AWS): the good files are curated, each bad
 * file is refused with its own reason, nothing reaches a DLQ, and every input line is
 * accounted for exactly once (issue 12).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gzipSync, gunzipSync } from 'node:zlib';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { PREFIXES } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { LocalRuntime } from '../../../scripts/local/runtime/runtime';
import { queueBodies } from '../../e2e/support/queues';
import { appEvent, appEvents, toCsv, toNdjson } from '../../fixtures/app-events';
import { curatedCountsByDate } from '../../helpers/curated-rows';
import { usePipeline } from '../../helpers/pipeline';
import { alertInbox, readRejects, readRunMetrics } from './support';
import { scaled } from '../../helpers/time-scale';

const fx = usePipeline();
const DATE = '2026-11-24';
const logDir = mkdtempSync(join(tmpdir(), 'mixed-manifest-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

const key = (name: string): string => objectKeys.raw('app', DATE, name);

/** Complete lines zlib recovers from a truncated gzip: what the refusal can account for. */
const linesBeforeCut = (gz: Buffer): number =>
  gunzipSync(gz, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8').split('\n').length - 1;

describe('a manifest of good and bad files', () => {
  it(
    'curates the good files, refuses each bad one with its reason, and accounts for every line',
    async () => {
      const opts = { date: DATE };
      const ndjsonEvents = appEvents(30, opts, 0);
      const ndjson = `${toNdjson(ndjsonEvents)}not json\n${JSON.stringify(ndjsonEvents[3])}\n`;
      const csvRows = toCsv(appEvents(20, opts, 100))
        .trimEnd()
        .split('\n');
      const csv = `${[...csvRows, csvRows[1]!.split(',').slice(0, 3).join(',')].join('\n')}\n`;
      const fullGz = gzipSync(toNdjson(appEvents(200, opts, 200)));
      const cutGz = fullGz.subarray(0, Math.floor(fullGz.length / 2));
      const dupHeader = toCsv(appEvents(10, opts, 500)).replace(/^event_id,/, 'event_id,event_id,');
      const array = JSON.stringify([...appEvents(15, opts, 600), appEvent(615, opts)], null, 2);
      const files: Array<[string, string | Buffer, number]> = [
        ['good.ndjson', ndjson, 32],
        ['good.csv', csv, 21],
        ['cut.ndjson.gz', cutGz, linesBeforeCut(cutGz)],
        ['dup-header.csv', dupHeader, 10],
        ['events.json', array, 16],
      ];
      const inputLines = files.reduce((n, [, , lines]) => n + lines, 0);

      const { s3 } = fx().backend.clients;
      const inbox = await alertInbox(fx());
      for (const [name, body] of files) {
        await s3.send(
          new PutObjectCommand({ Bucket: fx().names.buckets.raw, Key: key(name), Body: body }),
        );
      }
      const logs = createWriteStream(join(logDir, 'handlers.log'));
      const runtime = new LocalRuntime(fx().deployment, fx().backend.clients, {
        retryDelaySeconds: 0,
        handlerOutput: logs,
      });
      try {
        await runtime.runUntilIdle({ timeoutMs: scaled(180_000) });
      } finally {
        await runtime.stop();
        logs.end();
      }

      const listed = await s3.send(
        new ListObjectsV2Command({
          Bucket: fx().names.buckets.artifacts,
          Prefix: `${PREFIXES.metrics}ingestion_date=${DATE}/`,
        }),
      );
      const runIds = (listed.Contents ?? []).map((o) => o.Key!.split('/').pop()!.slice(0, -5));
      expect(runIds).toHaveLength(1);
      const m = await readRunMetrics(fx(), DATE, runIds[0]!);

      expect(m.status).toBe('passed');
      expect(m.input.files).toBe(5);
      expect(m.refusedFiles).toEqual([
        {
          sourceKey: key('cut.ndjson.gz'),
          reason: `cannot read ${key('cut.ndjson.gz')}: gzip stream is truncated or corrupt (unexpected end of file)`,
          lines: linesBeforeCut(cutGz),
        },
        {
          sourceKey: key('dup-header.csv'),
          reason: `cannot read ${key('dup-header.csv')}: the CSV header repeats the column name "event_id"`,
          lines: 10,
        },
      ]);
      expect(m.rows).toEqual({
        read: 32 + 21 + 16,
        rejected: 2,
        accepted: 67,
        duplicates: 1,
        output: 66,
        refused: linesBeforeCut(cutGz) + 10,
      });
      const curated = await curatedCountsByDate(fx().backend.clients, fx().names);
      expect(curated.get(DATE)).toEqual({ rows: 66, ids: 66 });
      expect(inputLines).toBe(m.rows.output + m.rows.rejected + m.rows.duplicates + m.rows.refused);

      const rejects = await readRejects(fx(), DATE, m.runId);
      expect(rejects.map((r) => [r.source_file, r.line, r.reason])).toEqual([
        // In manifest order (by key), each file's records in line order.
        [key('cut.ndjson.gz'), null, m.refusedFiles[0]!.reason],
        [key('dup-header.csv'), null, m.refusedFiles[1]!.reason],
        [key('good.csv'), 22, 'too few cells: expected 26, found 3'],
        [key('good.ndjson'), 31, 'not valid JSON'],
      ]);

      expect(await queueBodies(fx().backend.clients.sqs, fx().names.queues.ingestDlq)).toEqual([]);
      expect(await queueBodies(fx().backend.clients.sqs, fx().names.queues.manifestDlq)).toEqual(
        [],
      );
      // The missing-data sensor fires on its schedule too; only the transform's alerts matter here.
      const alerts = (await inbox())
        .map(
          (a) =>
            JSON.parse(String(a.Message)) as { kind: string; subject: string; details: unknown },
        )
        .filter((a) => a.kind !== 'missing_data');
      expect(alerts).toEqual([
        expect.objectContaining({
          kind: 'input_refused',
          subject: `2 file(s) refused: app ${DATE} (${m.runId})`,
          details: expect.objectContaining({ refusedFiles: m.refusedFiles }) as unknown,
        }),
      ]);
    },
    scaled(240_000),
  );
});
