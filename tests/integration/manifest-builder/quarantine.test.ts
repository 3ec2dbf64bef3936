/**
 * Every kind of bad input ends in quarantine with a reason a person can read: a copy in the
 * quarantine bucket (reason in metadata, codes in tags) when there is an object to copy, and a
 * QUARANTINED tracking item in every case. Quarantined files never enter a manifest; bodies that
 * are no S3 event are reported without failing the batch.
 */
import {
  DeleteObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
} from '@aws-sdk/client-s3';
import { ENV_VARS } from '../../../handlers/lib/names';
import { FILE_STATUS } from '../../../handlers/lib/tracking/statuses';
import { flushAllDates } from '../../../handlers/manifest-builder/flush';
import { processRecords } from '../../../handlers/manifest-builder/process-records';
import { s3NotificationBody, s3TestEventBody, sqsRecord } from '../../fixtures/s3-events';
import { usePipeline } from '../../helpers/pipeline';
import {
  builderDeps,
  ingestEvents,
  manifestDocuments,
  putRaw,
  rawKey,
  trackingItems,
} from './support';

const fx = usePipeline();
const DATE = '2026-08-01';
const env = {
  [ENV_VARS.expectedFileSizeMb]: String(1000 / 1024 / 1024),
  [ENV_VARS.sizeTolerancePercent]: '50',
  [ENV_VARS.maxFileSizeMb]: String(2500 / 1024 / 1024),
  [ENV_VARS.missingDatePolicy]: 'quarantine',
};
const bytes = (n: number): string => 'x'.repeat(n);

const cases = [
  { name: 'empty file', key: rawKey(DATE, 'empty.ndjson'), body: '', codes: ['empty'] },
  {
    name: 'wrong extension',
    key: rawKey(DATE, 'notes.txt'),
    body: bytes(1000),
    codes: ['bad-extension'],
  },
  { name: 'too small', key: rawKey(DATE, 'small.ndjson'), body: bytes(100), codes: ['too-small'] },
  { name: 'too large', key: rawKey(DATE, 'large.csv'), body: bytes(2000), codes: ['too-large'] },
  {
    name: 'over the maximum',
    key: rawKey(DATE, 'huge.json'),
    body: bytes(3000),
    codes: ['over-max', 'too-large'],
  },
  {
    name: 'no date (strict)',
    key: 'raw/source=app/undated.ndjson',
    body: bytes(1000),
    codes: ['missing-date'],
  },
  {
    name: 'bad date',
    key: rawKey('2026-02-31', 'x.ndjson'),
    body: bytes(1000),
    codes: ['bad-date'],
  },
  {
    name: 'outside the layout',
    key: 'raw/elsewhere/x.ndjson',
    body: bytes(1000),
    codes: ['bad-layout'],
  },
] as const;

it('quarantines each bad input with a readable reason and keeps it out of manifests', async () => {
  const good = rawKey(DATE, 'good.ndjson');
  for (const c of cases) await putRaw(fx(), [c.key], c.body);
  await putRaw(fx(), [good], bytes(1000));
  const events = await ingestEvents(fx(), cases.length + 1);
  const d = builderDeps(fx(), env);
  for (const e of events)
    expect((await processRecords(d, e.Records)).response.batchItemFailures).toEqual([]);
  await flushAllDates(d);

  const { files } = await trackingItems(fx());
  const { s3 } = fx().backend.clients;
  for (const c of cases) {
    const item = files.find((f) => f.key === c.key);
    expect({ name: c.name, status: item?.status, codes: item?.reason_codes }).toEqual({
      name: c.name,
      status: FILE_STATUS.quarantined,
      codes: c.codes,
    });
    expect(item!.reason).toMatch(new RegExp(`^${c.codes[0]}: .{10,}`));
    const copy = await s3.send(
      new HeadObjectCommand({ Bucket: fx().names.buckets.quarantine, Key: c.key }),
    );
    expect(copy.ContentLength).toBe(c.body.length);
    expect(copy.Metadata?.['quarantine-reason']).toBe(item!.reason);
    const tags = await s3.send(
      new GetObjectTaggingCommand({ Bucket: fx().names.buckets.quarantine, Key: c.key }),
    );
    expect(tags.TagSet).toEqual([{ Key: 'quarantine', Value: c.codes.join(' ') }]);
  }
  const docs = await manifestDocuments(fx());
  expect(docs.flatMap((m) => m.files.map((f) => f.key))).toEqual([good]);
});

it('quarantines a key that is not valid URL encoding, copying the object found under it', async () => {
  const literal = rawKey('2026-08-02', 'bad%ZZname.ndjson');
  await putRaw(fx(), [literal], bytes(1000));
  await ingestEvents(fx(), 1);
  const body = s3NotificationBody({
    bucket: fx().names.buckets.raw,
    key: literal,
    encodedKey: literal,
  });
  const { response, report } = await processRecords(builderDeps(fx(), env), [sqsRecord(body)]);
  expect(response.batchItemFailures).toEqual([]);
  expect(report.quarantined).toBe(1);
  const item = (await trackingItems(fx())).files.find((f) => f.key === literal);
  expect(item).toMatchObject({
    status: FILE_STATUS.quarantined,
    reason_codes: ['undecodable-key'],
    quarantine_key: literal,
  });
  expect(item!.reason).toContain('is not valid URL encoding');
});

it('records an object deleted before its HEAD as quarantined, with nothing to copy', async () => {
  const key = rawKey('2026-08-03', 'gone.ndjson');
  await putRaw(fx(), [key], bytes(1000));
  const [event] = await ingestEvents(fx(), 1);
  await fx().backend.clients.s3.send(
    new DeleteObjectCommand({ Bucket: fx().names.buckets.raw, Key: key }),
  );
  const d = builderDeps(fx(), env);
  const first = await processRecords(d, event!.Records);
  const again = await processRecords(d, event!.Records);
  expect(first.response.batchItemFailures).toEqual([]);
  expect([first.report.quarantined, again.report.quarantined, again.report.duplicates]).toEqual([
    1, 0, 1,
  ]);
  const item = (await trackingItems(fx())).files.find((f) => f.key === key);
  expect(item).toMatchObject({ status: FILE_STATUS.quarantined, reason_codes: ['not-found'] });
  expect(item!.reason).toContain('deleted');
  expect(item!.quarantine_key).toBeUndefined();
});

it('reports the s3:TestEvent and bodies that are no S3 event without failing the batch', async () => {
  const records = [
    sqsRecord(s3TestEventBody(fx().names.buckets.raw)),
    sqsRecord('not json'),
    sqsRecord('{"Records":[{"eventSource":"aws:sqs"}]}'),
  ];
  const { response, report } = await processRecords(builderDeps(fx(), env), records);
  expect(response.batchItemFailures).toEqual([]);
  expect(report).toMatchObject({ testEvents: 1, invalidNotifications: 2, filesTracked: 0 });
});
