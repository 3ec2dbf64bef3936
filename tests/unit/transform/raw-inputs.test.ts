import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { rawInputs, type RawReadStats } from '../../../handlers/transform/convert/raw-inputs';
import { isRecordedVersion } from '../../../handlers/transform/io/raw-object-probe';
import { S3TransferError } from '../../../handlers/transform/io/s3-files';
import type { JobFile } from '../../../handlers/transform/job';

interface Version {
  readonly id: string;
  readonly body: Buffer;
}

/** What S3 answers for the current version of a key whose latest version is a delete marker. */
const DELETE_MARKER: Version = { id: 'delete-marker', body: Buffer.alloc(0) };
const notFound = (name: string) =>
  Promise.reject(Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 404 } }));

/**
 * A versioned bucket in memory: GET (whole, ranged, by version) and HEAD of the latest, which
 * may be a delete marker.
 */
function fakeS3(objects: Map<string, Version[]>): { s3: S3Client; calls: string[] } {
  const calls: string[] = [];
  const send = (command: unknown): Promise<unknown> => {
    if (command instanceof HeadObjectCommand) {
      const v = objects.get(command.input.Key!)!.at(-1)!;
      calls.push(`HEAD ${command.input.Key}`);
      if (v === DELETE_MARKER) return notFound('NotFound');
      return Promise.resolve({
        VersionId: v.id,
        ETag: `"etag-${v.id}"`,
        ContentLength: v.body.length,
      });
    }
    if (command instanceof GetObjectCommand) {
      const versions = objects.get(command.input.Key!)!;
      const v = command.input.VersionId
        ? versions.find((x) => x.id === command.input.VersionId)!
        : versions.at(-1)!;
      const range = /bytes=(\d+)-(\d+)/.exec(command.input.Range ?? '');
      calls.push(
        `GET ${command.input.Key}${command.input.VersionId ? `@${v.id}` : ''}${range ? ' range' : ''}`,
      );
      if (v === DELETE_MARKER) return notFound('NoSuchKey');
      const body = range ? v.body.subarray(Number(range[1]), Number(range[2]) + 1) : v.body;
      return Promise.resolve({
        VersionId: v.id,
        ETag: `"etag-${v.id}"`,
        ContentLength: body.length,
        ...(range ? { ContentRange: `bytes ${range[1]}-${range[2]}/${v.body.length}` } : {}),
        Body: Object.assign(Readable.from([body]), {
          transformToByteArray: () => Promise.resolve(new Uint8Array(body)),
        }),
      });
    }
    return Promise.reject(new Error(`unexpected command ${String(command)}`));
  };
  return { s3: { send } as unknown as S3Client, calls };
}

const access = {
  catalog: { kind: 'glue' as const, accountId: '123456789012', region: 'us-east-1' },
  extensionDir: '/nowhere',
};

describe('reading the raw files of a job', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'raw-inputs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const job = (key: string, versionId: string, size: number): JobFile => ({
    bucket: 'raw',
    key,
    versionId,
    etag: `etag-${versionId}`,
    size,
    manifestId: 'm-1',
  });
  const stats = (): RawReadStats => ({ downloadMs: 0, inPlace: 0, fetched: 0 });

  it('reads the recorded version of a plain file in place: no copy in the temp directory', async () => {
    const body = Buffer.from('{"a":1}\n{"a":2}\n');
    const { s3, calls } = fakeS3(new Map([['k/a.ndjson', [{ id: 'v1', body }]]]));
    const s = stats();
    const { files, io } = rawInputs(s3, access, [job('k/a.ndjson', 'v1', body.length)], dir, s, 0);
    const local = await io.prepare(files[0]!);
    expect(local).toMatchObject({ path: 's3://raw/k/a.ndjson', gzip: false, bytes: body.length });
    await io.release(local);
    expect(calls).toEqual(['GET k/a.ndjson range', 'HEAD k/a.ndjson']);
    expect(s).toMatchObject({ inPlace: 1, fetched: 0 });
    expect(existsSync(files[0]!.path)).toBe(false);
  });

  it('fetches the recorded version when the object was overwritten since the manifest', async () => {
    const old = Buffer.from('{"a":"old"}\n');
    const objects = new Map([
      [
        'k/a.ndjson',
        [
          { id: 'v1', body: old },
          { id: 'v2', body: Buffer.from('{"a":"new"}\n') },
        ],
      ],
    ]);
    const { s3, calls } = fakeS3(objects);
    const s = stats();
    const { files, io } = rawInputs(s3, access, [job('k/a.ndjson', 'v1', old.length)], dir, s, 0);
    const local = await io.prepare(files[0]!);
    expect(local.path).toBe(files[0]!.path);
    expect(readFileSync(local.path, 'utf8')).toBe('{"a":"old"}\n');
    await io.release(local);
    expect(existsSync(local.path)).toBe(false);
    expect(calls).toEqual(['GET k/a.ndjson range', 'GET k/a.ndjson@v1']);
    expect(s).toMatchObject({ inPlace: 0, fetched: 1 });
  });

  it('fetches the recorded version when the object was deleted since the manifest', async () => {
    const body = Buffer.from('{"a":"kept"}\n');
    const objects = new Map([['k/a.ndjson', [{ id: 'v1', body }, DELETE_MARKER]]]);
    const { s3, calls } = fakeS3(objects);
    const s = stats();
    const { files, io } = rawInputs(s3, access, [job('k/a.ndjson', 'v1', body.length)], dir, s, 0);
    const local = await io.prepare(files[0]!);
    expect(readFileSync(local.path, 'utf8')).toBe('{"a":"kept"}\n');
    expect(calls).toEqual(['GET k/a.ndjson range', 'GET k/a.ndjson@v1']);
    expect(s).toMatchObject({ inPlace: 0, fetched: 1 });
  });

  it.each([
    ['overwritten', { id: 'v2', body: Buffer.from('{"a":2}\n') }],
    ['deleted', DELETE_MARKER],
  ])(
    'fails as a transfer error (retried) when the object is %s while it is read',
    async (_what, next) => {
      const body = Buffer.from('{"a":1}\n');
      const objects = new Map<string, Version[]>([['k/a.ndjson', [{ id: 'v1', body }]]]);
      const { s3 } = fakeS3(objects);
      const { files, io } = rawInputs(
        s3,
        access,
        [job('k/a.ndjson', 'v1', body.length)],
        dir,
        stats(),
        0,
      );
      const local = await io.prepare(files[0]!);
      objects.get('k/a.ndjson')!.push(next);
      await expect(io.release(local)).rejects.toThrow(S3TransferError);
      await expect(io.release(local)).rejects.toThrow(/overwritten or deleted while it was read/);
    },
  );

  it('fetches gzip (scanned for truncation on disk) and keys DuckDB would not read as one object', async () => {
    const gz = gzipSync('{"a":1}\n');
    const plain = Buffer.from('{"a":1}\n');
    const objects = new Map([
      ['k/a.ndjson.gz', [{ id: 'v1', body: gz }]],
      ['k/b*.ndjson', [{ id: 'v1', body: plain }]],
      ['k/c d.ndjson', [{ id: 'v1', body: plain }]],
    ]);
    const { s3 } = fakeS3(objects);
    const s = stats();
    const jobs = [
      job('k/a.ndjson.gz', 'v1', gz.length),
      job('k/b*.ndjson', 'v1', 8),
      job('k/c d.ndjson', 'v1', 8),
    ];
    const { files, io } = rawInputs(s3, access, jobs, dir, s, 0);
    const locals = await Promise.all(files.map((f) => io.prepare(f)));
    expect(locals.map((l) => [l.path.startsWith(dir), l.gzip])).toEqual([
      [true, true],
      [true, false],
      [true, false],
    ]);
    expect(s).toMatchObject({ inPlace: 0, fetched: 3 });
  });

  it('fetches files below the in-place size without asking S3 for their version first', async () => {
    const body = Buffer.from('{"a":1}\n');
    const { s3, calls } = fakeS3(new Map([['k/a.ndjson', [{ id: 'v1', body }]]]));
    const s = stats();
    const { files, io } = rawInputs(
      s3,
      access,
      [job('k/a.ndjson', 'v1', body.length)],
      dir,
      s,
      1024,
    );
    const local = await io.prepare(files[0]!);
    expect(readFileSync(local.path, 'utf8')).toBe('{"a":1}\n');
    expect(calls).toEqual(['GET k/a.ndjson@v1']);
    expect(s).toMatchObject({ inPlace: 0, fetched: 1 });
  });

  it('matches a version by id when the manifest has one, else by ETag, quotes aside', () => {
    const base = { bucket: 'b', key: 'k', etag: 'abc' };
    expect(
      isRecordedVersion({ ...base, versionId: 'v1' }, { VersionId: 'v1', ETag: '"zzz"' }),
    ).toBe(true);
    expect(
      isRecordedVersion({ ...base, versionId: 'v1' }, { VersionId: 'v2', ETag: '"abc"' }),
    ).toBe(false);
    expect(isRecordedVersion(base, { ETag: '"abc"' })).toBe(true);
    expect(isRecordedVersion(base, { ETag: '"abd"' })).toBe(false);
    expect(isRecordedVersion(base, {})).toBe(false);
  });
});
