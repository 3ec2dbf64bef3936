/** The uploader core against the provisioned dev stack: layout, resume, multipart, faults. */
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { decodeNotificationKey } from '../../../handlers/manifest-builder/raw-key';
import { parseNotification } from '../../../handlers/manifest-builder/s3-notification';
import { emulatorAnswers } from '../../../scripts/emulator/emulator';
import { directorySink } from '../../../scripts/generator/fs-sink';
import { generateDataset } from '../../../scripts/generator/generate-dataset';
import { SHA256_METADATA } from '../../../scripts/ingest/checksum';
import { discoverFiles, type LocalFile } from '../../../scripts/ingest/discover';
import { RawBucketMissingError } from '../../../scripts/ingest/errors';
import { ingestFiles, type IngestHooks } from '../../../scripts/ingest/ingest-files';
import { MIN_PART_BYTES } from '../../../scripts/ingest/upload-file';
import { usePipeline } from '../../helpers/pipeline';
import { drainQueue } from '../../helpers/queues';

const fx = usePipeline();
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ingest-it-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const settings = () => ({
  bucket: fx().names.buckets.raw,
  concurrency: 4,
  partSize: MIN_PART_BYTES,
  partConcurrency: 4,
});
const s3 = () => fx().backend.clients.s3;

async function objectBytes(key: string): Promise<Buffer> {
  const got = await s3().send(new GetObjectCommand({ Bucket: settings().bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

async function rawKeys(): Promise<string[]> {
  const listed = await s3().send(
    new ListObjectsV2Command({ Bucket: settings().bucket, Prefix: 'raw/' }),
  );
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('base64');

describe('ingestFiles', () => {
  it('uploads a generated dataset to the raw keys, fires the notifications, and skips it all on a rerun', async () => {
    const dir = join(root, 'dataset');
    await generateDataset(
      {
        seed: 5,
        source: 'app',
        dates: ['2026-11-01', '2026-11-02'],
        size: { events: 2000 },
        fileBytes: 128 * 1024,
        rates: { badFile: 0.5 },
        badFileKinds: ['empty', 'wrong-extension', 'truncated-gzip'],
      },
      directorySink(dir),
    );
    const files = await discoverFiles([dir], {});
    const first = await ingestFiles(fx().backend.clients, files, settings());
    expect(first.failed).toEqual([]);
    expect(first.uploaded).toBe(files.length);
    expect(await rawKeys()).toEqual(files.map((f) => f.key));
    for (const f of files) {
      const body = await objectBytes(f.key);
      expect(body.equals(readFileSync(f.path))).toBe(true);
      const head = await s3().send(
        new HeadObjectCommand({ Bucket: settings().bucket, Key: f.key }),
      );
      expect(head.Metadata?.[SHA256_METADATA]).toBe(sha(body));
    }
    const queueUrl = (
      await fx().backend.clients.sqs.send(
        new GetQueueUrlCommand({ QueueName: fx().names.queues.ingest }),
      )
    ).QueueUrl!;
    const notified = (await drainQueue(fx().backend.clients.sqs, queueUrl))
      .map(parseNotification)
      .flatMap((n) => (n.kind === 'objects' ? n.objects : []))
      .map((o) => decodeNotificationKey(o.encodedKey));
    expect(notified.sort()).toEqual(files.map((f) => f.key));

    const again = await ingestFiles(fx().backend.clients, files, settings());
    expect(again.uploaded).toBe(0);
    expect(again.skipped).toBe(files.length);
    expect(
      again.results.every((r) => r.outcome === 'skipped' && r.reason === 'same size and SHA-256'),
    ).toBe(true);
  });

  it('re-uploads a file whose content changed, even at the same size', async () => {
    const dir = join(root, 'changed');
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    mkdirSync(dir, { recursive: true });
    writeFileSync(a, '{"event_id":"1"}\n');
    writeFileSync(b, '{"event_id":"2"}\n');
    const overrides = { source: 'app', date: '2026-11-03' };
    const files = (): Promise<LocalFile[]> => discoverFiles([a, b], overrides);
    await ingestFiles(fx().backend.clients, await files(), settings());
    writeFileSync(a, '{"event_id":"9"}\n');
    appendFileSync(b, '{"event_id":"3"}\n');
    const rerun = await ingestFiles(fx().backend.clients, await files(), settings());
    expect(rerun.uploaded).toBe(2);
    expect(
      (await objectBytes('raw/source=app/ingestion_date=2026-11-03/a.ndjson')).toString(),
    ).toBe('{"event_id":"9"}\n');
  });

  it('uploads large files in parts and still recognises them on a rerun', async () => {
    const dir = join(root, 'large');
    const path = join(dir, 'big.ndjson');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, randomBytes(2 * MIN_PART_BYTES + 123));
    const files = await discoverFiles([path], { source: 'app', date: '2026-11-04' });
    const run = await ingestFiles(fx().backend.clients, files, settings());
    expect(run.results[0]).toMatchObject({ outcome: 'uploaded', multipart: true });
    const head = await s3().send(
      new HeadObjectCommand({ Bucket: settings().bucket, Key: files[0]!.key }),
    );
    expect(head.ETag).toMatch(/-3"$/);
    expect((await objectBytes(files[0]!.key)).equals(readFileSync(path))).toBe(true);
    const rerun = await ingestFiles(fx().backend.clients, files, settings());
    expect(rerun.skipped).toBe(1);
    // The CLI's liveness probe must survive a multipart upload (pipeline run after ingest).
    expect(await emulatorAnswers(fx().backend.target.endpoint)).toBe(true);
  });

  it('skips an object another tool uploaded in one part when its ETag is the file MD5', async () => {
    const path = join(root, 'other-tool.csv');
    writeFileSync(path, 'event_id,event_type\n1,login\n');
    const [file] = await discoverFiles([path], { source: 'app', date: '2026-11-05' });
    await s3().send(
      new PutObjectCommand({ Bucket: settings().bucket, Key: file!.key, Body: readFileSync(path) }),
    );
    const run = await ingestFiles(fx().backend.clients, [file!], settings());
    expect(run.results[0]).toMatchObject({
      outcome: 'skipped',
      reason: 'same size and MD5 (ETag)',
    });
  });

  it('resumes after a producer dies mid-run: nothing uploaded twice, nothing lost', async () => {
    const dir = join(root, 'crash');
    await generateDataset(
      {
        seed: 9,
        source: 'app',
        dates: ['2026-11-06'],
        size: { events: 3000 },
        fileBytes: 64 * 1024,
      },
      directorySink(dir),
    );
    const files = await discoverFiles([dir], {});
    expect(files.length).toBeGreaterThan(6);
    const sent: string[] = [];
    const crashing: IngestHooks = {
      beforeUpload: (f) => {
        if (f.key.endsWith('part-00005.ndjson')) throw new Error('producer killed before upload');
      },
      afterUpload: (f) => {
        sent.push(f.key);
        if (f.key.endsWith('part-00002.ndjson')) throw new Error('producer killed after upload');
      },
    };
    const first = await ingestFiles(
      fx().backend.clients,
      files,
      { ...settings(), concurrency: 1 },
      crashing,
    );
    expect(first.failed.map((f) => f.error.message)).toEqual([
      expect.stringMatching(/part-00002\.ndjson: producer killed after upload$/),
      expect.stringMatching(/part-00005\.ndjson: producer killed before upload$/),
    ]);
    const resumed: string[] = [];
    const second = await ingestFiles(fx().backend.clients, files, settings(), {
      afterUpload: (f) => void resumed.push(f.key),
    });
    expect(second.failed).toEqual([]);
    expect(resumed).toEqual([files.find((f) => f.key.endsWith('part-00005.ndjson'))!.key]);
    expect(sent.length + resumed.length).toBe(files.length);
    for (const f of files)
      expect((await objectBytes(f.key)).equals(readFileSync(f.path))).toBe(true);
  });

  it('fails in one line when the raw bucket is not on the target', async () => {
    const files = await discoverFiles([join(root, 'other-tool.csv')], {
      source: 'app',
      date: '2026-11-05',
    });
    await expect(
      ingestFiles(fx().backend.clients, files, { ...settings(), bucket: 'no-such-raw-bucket' }),
    ).rejects.toThrow(RawBucketMissingError);
  });
});
