/** `pipeline quarantine list|release`: a quarantined file, fixed and released, ends processed. */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ENV_VARS } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { queryIndex } from '../../../handlers/lib/tracking/file-repository';
import type { FileItem } from '../../../handlers/lib/tracking/items';
import { fileDateStatus } from '../../../handlers/lib/tracking/items';
import { FILE_STATUS } from '../../../handlers/lib/tracking/statuses';
import { LocalRuntime } from '../../../scripts/local/runtime/runtime';
import type { QuarantineEntry } from '../../../scripts/ops/quarantine/list';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { cli } from './cli-support';
import { collectSummary, NO_DATE } from '../../../scripts/demo/collect-summary';
import { summaryLines } from '../../../scripts/demo/print-summary';

const pipeline = usePipeline();
const DATE = '2026-11-20';

async function drain(): Promise<void> {
  const fx = pipeline();
  const runtime = new LocalRuntime(fx.deployment, fx.backend.clients, { retryDelaySeconds: 0 });
  try {
    await runtime.runUntilIdle();
  } finally {
    await runtime.stop();
  }
}

describe('pipeline quarantine', () => {
  it('lists why a file was quarantined, releases the fixed copy, which is then processed', async () => {
    const fx = pipeline();
    const { s3 } = fx.backend.clients;
    const key = objectKeys.raw('app', DATE, 'empty.ndjson');
    await s3.send(new PutObjectCommand({ Bucket: fx.names.buckets.raw, Key: key, Body: '' }));
    await drain();
    const at = ['--target', 'endpoint', '--endpoint', fx.backend.target.endpoint];

    const listed = cli('quarantine', 'list', '--date', DATE, '--json', ...at);
    expect(listed.status).toBe(0);
    const [entry, ...rest] = JSON.parse(listed.stdout) as QuarantineEntry[];
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      key,
      reason: 'empty: object is empty (0 bytes)',
      codes: ['empty'],
      hasCopy: true,
    });
    expect(entry?.release).toBeUndefined();

    // The operator fixes the file where it was put aside, then releases it.
    await s3.send(
      new PutObjectCommand({
        Bucket: fx.names.buckets.quarantine,
        Key: key,
        Body: toNdjson(appEvents(30, { seed: 7 })),
      }),
    );
    const released = cli('quarantine', 'release', key, '--json', ...at);
    expect(released.stderr).toBe('');
    const result = JSON.parse(released.stdout) as { via: string; version: string };
    expect(result.via).toBe('copy');
    await drain();

    const t = { ddb: fx.backend.clients.ddb, table: fx.functionEnv.sensor[ENV_VARS.filesTable]! };
    const done = await queryIndex<FileItem>(t, fileDateStatus(DATE, FILE_STATUS.done));
    expect(done.map((f) => [f.key, f.version_id])).toEqual([[key, result.version]]);

    // The quarantined version stays as history, with its release visible.
    const after = JSON.parse(
      cli('quarantine', 'list', '--date', DATE, '--json', ...at).stdout,
    ) as QuarantineEntry[];
    expect(after).toEqual([
      expect.objectContaining({
        key,
        version: entry?.version,
        release: expect.objectContaining({
          state: 'RELEASED',
          version: result.version,
          via: 'copy',
        }) as unknown,
      }),
    ]);
    const text = cli('quarantine', 'list', '--date', DATE, ...at).stdout;
    expect(text).toContain('why: empty: object is empty (0 bytes) [empty]');
    expect(text).toMatch(/released: .* as version .* \(copy\)/);

    const again = cli('quarantine', 'release', key, ...at);
    expect(again.status).not.toBe(0);
    expect(again.stderr.trim()).toMatch(/^error: .* was already released at .* as version /);
    const unknown = cli('quarantine', 'release', objectKeys.raw('app', DATE, 'nope.ndjson'), ...at);
    expect(unknown.stderr.trim()).toMatch(/^error: no quarantined file with key .*nope\.ndjson/);
  });

  it('lists files quarantined for a bad or missing date in their key, in the CLI and the demo summary', async () => {
    const fx = pipeline();
    const { s3 } = fx.backend.clients;
    const badDate = 'raw/source=app/ingestion_date=2026-13-45/events.ndjson';
    const outside = 'raw/events-without-source.ndjson';
    for (const key of [badDate, outside]) {
      await s3.send(
        new PutObjectCommand({
          Bucket: fx.names.buckets.raw,
          Key: key,
          Body: toNdjson(appEvents(2)),
        }),
      );
    }
    await drain();
    const at = ['--target', 'endpoint', '--endpoint', fx.backend.target.endpoint];

    const listed = JSON.parse(
      cli('quarantine', 'list', '--json', ...at).stdout,
    ) as QuarantineEntry[];
    const undated = listed.filter((e) => e.ingestionDate === '');
    expect(undated.map((e) => [e.key, e.codes])).toEqual(
      expect.arrayContaining([
        [badDate, ['bad-date']],
        [outside, ['bad-layout']],
      ]),
    );
    expect(undated.find((e) => e.key === badDate)?.reason).toBe(
      'bad-date: ingestion_date=2026-13-45 is not a calendar date in YYYY-MM-DD form',
    );
    const text = cli('quarantine', 'list', ...at).stdout;
    expect(text).toContain(`(no date)  ${badDate}`);
    expect(text).toContain('the key itself is the problem; upload the file again under');
    // One date asked for: the undated ones are not of it.
    const oneDate = JSON.parse(
      cli('quarantine', 'list', '--date', '2026-11-21', '--json', ...at).stdout,
    ) as QuarantineEntry[];
    expect(oneDate).toEqual([]);

    const summary = await collectSummary(fx.backend.clients, fx.names);
    const row = summary.find((d) => d.date === NO_DATE);
    expect(row?.quarantined.map((q) => q.key)).toEqual(expect.arrayContaining([badDate, outside]));
    expect(summaryLines(summary).join('\n')).toContain(
      `  ${badDate}: bad-date: ingestion_date=2026-13-45 is not a calendar date`,
    );
  });
});
