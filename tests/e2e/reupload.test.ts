/**
 * A producer re-uploads a file with corrected content (same key, new S3 version): the new
 * version is tracked as a file of its own and processed, and the rebuild of the date then
 * holds the corrected rows, each once, and nothing of the superseded version.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ENV_VARS } from '../../handlers/lib/names';
import type { ManifestMessage } from '../../handlers/lib/manifest/manifest-document';
import { filesOfDate } from '../../handlers/lib/tracking/file-repository';
import { FILE_STATUS } from '../../handlers/lib/tracking/statuses';
import { appEvents, toNdjson } from '../fixtures/app-events';
import { withFunctionEnv } from '../helpers/chaos/chaos-env';
import { curatedRows } from '../helpers/curated-rows';
import { usePipeline } from '../helpers/pipeline';
import { drainPipeline } from './support/drain';
import { quietEnv } from './support/environments';
import { putRawFile } from './support/raw-files';

const fx = usePipeline();
const DATE = '2026-06-15';

describe('end to end: producer re-upload with corrected content', () => {
  it('tracks the new version, processes it, and the rebuild reflects the corrected rows once', async () => {
    const { clients } = fx().backend;
    const names = fx().names;
    const deployment = withFunctionEnv(fx().deployment, quietEnv(fx().deployment));
    const bucket = names.buckets.raw;
    const original = appEvents(20, { seed: 7, date: DATE });
    const other = appEvents(15, { seed: 8, date: DATE }, 500);
    // The correction: every user id was wrong, and the last row was sent by mistake.
    const corrected = original.slice(0, -1).map((e) => ({
      ...e,
      user_id: `${e.user_id ?? 'anon'}-fixed`,
    }));
    const ids = (rows: readonly { event_id: string }[]) => rows.map((r) => r.event_id).sort();

    const first = await putRawFile(clients, bucket, {
      date: DATE,
      name: 'orders.ndjson',
      body: toNdjson(original),
    });
    await putRawFile(clients, bucket, { date: DATE, name: 'other.ndjson', body: toNdjson(other) });
    await drainPipeline(deployment, clients, { dates: [DATE] });
    const second = await putRawFile(clients, bucket, {
      date: DATE,
      name: 'orders.ndjson',
      body: toNdjson(corrected),
    });
    expect(second.versionId).toBeDefined();
    expect(second.versionId).not.toBe(first.versionId);
    await drainPipeline(deployment, clients, { dates: [DATE] });

    // Both versions are tracked, each processed by a manifest of its own.
    const t = { ddb: clients.ddb, table: names.tables.files };
    const versions = (await filesOfDate(t, DATE)).filter((f) => f.key === first.key);
    expect(versions.map((f) => [f.version_id, f.status]).sort()).toEqual(
      [
        [first.versionId, FILE_STATUS.done],
        [second.versionId, FILE_STATUS.done],
      ].sort(),
    );
    expect(new Set(versions.map((f) => f.manifest_id)).size).toBe(2);
    // The corrected version's commit replaced the key's rows: no rebuild needed.
    const beforeRebuild = await curatedRows(clients, names, {
      sql: `SELECT count(*) AS n FROM curated WHERE _source_file = '${first.key}'`,
    });
    expect(beforeRebuild).toEqual([{ n: String(corrected.length) }]);

    // Rebuild the date, as `pipeline backfill` requests it.
    const rebuild: ManifestMessage = {
      kind: 'rebuild',
      ingestionDate: DATE,
      requestedAt: new Date().toISOString(),
    };
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: deployment.functionEnv.transform[ENV_VARS.manifestQueueUrl],
        MessageBody: JSON.stringify(rebuild),
      }),
    );
    await drainPipeline(deployment, clients, { dates: [DATE] });

    const rows = await curatedRows(clients, names, {
      sql: `SELECT event_id, user_id, _source_file FROM curated ORDER BY event_id`,
    });
    // Every row once: the corrected file's rows and the untouched file's rows.
    expect(rows.map((r) => r.event_id)).toEqual(ids([...corrected, ...other]));
    const fromOrders = rows.filter((r) => r._source_file === first.key);
    expect(fromOrders.map((r) => r.user_id).sort()).toEqual(corrected.map((e) => e.user_id).sort());
  });
});
