/**
 * Server-side copy to quarantine: single CopyObject, and the multipart (UploadPartCopy) path
 * that objects above 5 GiB need, exercised with a small part size. Content, metadata and tags
 * must arrive intact either way.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand, GetObjectTaggingCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { copyObject } from '../../../handlers/manifest-builder/copy-object';
import { usePipeline } from '../../helpers/pipeline';

const fx = usePipeline();
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

it.each([
  ['a single copy', { singleCopyLimit: 64 * 1024 ** 2, partSize: 5 * 1024 ** 2 }],
  ['a multipart copy', { singleCopyLimit: 1, partSize: 5 * 1024 ** 2 }],
])('copies with metadata and tags in %s', async (_, limits) => {
  const { s3 } = fx().backend.clients;
  const body = randomBytes(11 * 1024 ** 2 + 17);
  const key = `raw/source=app/ingestion_date=2026-04-01/big ${limits.singleCopyLimit}.ndjson`;
  const put = await s3.send(
    new PutObjectCommand({ Bucket: fx().names.buckets.raw, Key: key, Body: body }),
  );
  await copyObject(
    s3,
    {
      fromBucket: fx().names.buckets.raw,
      fromKey: key,
      fromVersionId: put.VersionId,
      size: body.length,
      toBucket: fx().names.buckets.quarantine,
      toKey: key,
      metadata: { 'quarantine-reason': 'too-large: test' },
      tagging: 'quarantine=too-large',
    },
    limits,
  );
  const got = await s3.send(
    new GetObjectCommand({ Bucket: fx().names.buckets.quarantine, Key: key }),
  );
  expect(sha(await got.Body!.transformToByteArray())).toBe(sha(body));
  expect(got.Metadata).toMatchObject({ 'quarantine-reason': 'too-large: test' });
  const tags = await s3.send(
    new GetObjectTaggingCommand({ Bucket: fx().names.buckets.quarantine, Key: key }),
  );
  expect(tags.TagSet).toEqual([{ Key: 'quarantine', Value: 'too-large' }]);
});
