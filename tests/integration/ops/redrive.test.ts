/** `pipeline redrive`: DLQ messages go back to their queue and succeed once the cause is fixed. */
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ENV_VARS } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { queryIndex } from '../../../handlers/lib/tracking/file-repository';
import type { FileItem } from '../../../handlers/lib/tracking/items';
import { fileDateStatus } from '../../../handlers/lib/tracking/items';
import { FILE_STATUS } from '../../../handlers/lib/tracking/statuses';
import { moveManually } from '../../../scripts/ops/redrive/manual-move';
import { queuePair, visibleMessages } from '../../../scripts/ops/redrive/queues';
import { LocalRuntime } from '../../../scripts/local/runtime/runtime';
import { appEvents, toNdjson } from '../../fixtures/app-events';
import { usePipeline } from '../../helpers/pipeline';
import { cli } from './cli-support';

const pipeline = usePipeline();
const FAIL_MARKED = join(__dirname, '../../fixtures/handlers/fail-marked.ts');
const DATE = '2026-11-20';

async function drain(handlerOverrides = {}): Promise<void> {
  const fx = pipeline();
  const runtime = new LocalRuntime(fx.deployment, fx.backend.clients, {
    retryDelaySeconds: 0,
    handlerOverrides,
  });
  try {
    await runtime.runUntilIdle({ fireSchedules: Object.keys(handlerOverrides).length === 0 });
  } finally {
    await runtime.stop();
  }
}

describe('pipeline redrive', () => {
  it('moves DLQ messages back after a fix; they are processed once, even after a crashed redrive', async () => {
    const fx = pipeline();
    const { s3, sqs } = fx.backend.clients;
    const keys = ['poison-a.ndjson', 'poison-b.ndjson'].map((f) => objectKeys.raw('app', DATE, f));
    for (const [i, key] of keys.entries()) {
      await s3.send(
        new PutObjectCommand({
          Bucket: fx.names.buckets.raw,
          Key: key,
          Body: toNdjson(appEvents(20, { seed: i + 1 }, i * 100)),
        }),
      );
    }
    // A broken builder: every notification fails until it lands in the DLQ.
    await drain({ manifestBuilder: FAIL_MARKED });
    const q = await queuePair(sqs, fx.names, 'ingest');
    expect(await visibleMessages(sqs, q.dlq.url)).toBe(keys.length);

    const at = ['--target', 'endpoint', '--endpoint', fx.backend.target.endpoint];
    const refused = cli('redrive', '--queue', 'ingest', ...at);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.trim()).toBe(
      `error: move ${keys.length} message(s) from ${q.dlq.name} back to ${q.source.name} needs confirmation: stdin is not a terminal, pass --yes`,
    );

    // --dry-run says what would move and moves nothing.
    const dry = cli('redrive', '--queue', 'ingest', '--dry-run', ...at);
    expect(dry.status).toBe(0);
    expect(dry.stdout.trim()).toBe(
      `dry run: ${keys.length} message(s) in ${q.dlq.name} would move back to ${q.source.name}; nothing was moved`,
    );
    expect(await visibleMessages(sqs, q.dlq.url)).toBe(keys.length);

    // A redrive that crashes after sending one message, before deleting it from the DLQ...
    await expect(
      moveManually(sqs, q, 1, {
        hooks: {
          afterSend: () => {
            throw new Error('injected crash');
          },
        },
      }),
    ).rejects.toThrow('injected crash');
    // ...is repeated by the operator once the message is visible again (SQS: after its timeout).
    const moved = cli('redrive', '--queue', 'ingest', '--yes', '--json', ...at);
    expect(moved.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(moved.stdout)).toMatchObject({ moved: 1, failed: 0, method: 'receive-send' });
    expect(await visibleMessages(sqs, q.source.url)).toBe(2);

    // The fixed builder (the real one) processes both, each file tracked and curated once; the
    // crashed redrive's message is still in the DLQ (hidden), and resending it later is a no-op.
    await drain();
    const t = { ddb: fx.backend.clients.ddb, table: fx.functionEnv.sensor[ENV_VARS.filesTable]! };
    const done = await queryIndex<FileItem>(t, fileDateStatus(DATE, FILE_STATUS.done));
    expect(done.map((f) => f.key).sort()).toEqual([...keys].sort());
    expect(await visibleMessages(sqs, q.dlq.url)).toBe(0);
  });
});
