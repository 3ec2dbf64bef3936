/**
 * Tells an emulator that kept its state from one that lost it. An emulator keeps everything in
 * memory: restarted (or reset) at the same address it answers as before, but empty, and the
 * next `pipeline run` would provision it again as if nothing happened. So `pipeline up` stamps
 * the emulator it provisioned with a random epoch (an object in a bucket of its own) and
 * records the epoch by endpoint in the state directory; `up` and `run` compare the two first.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STATE_DIR } from '../emulator/paths';

/** The bucket of the marker: outside the stack, so provisioning never touches it. */
export const EPOCH_BUCKET = 'pipeline-local-emulator-epoch';
const EPOCH_KEY = 'epoch.json';
const RECORD_FILE = join(STATE_DIR, 'emulator-epochs.json');

interface EpochRecord {
  readonly epoch: string;
  readonly provisionedAt: string;
}

/** What the emulator at an endpoint holds, compared with what was recorded for it. */
export type EpochCheck =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'kept' }
  | { readonly kind: 'lost'; readonly provisionedAt: string };

async function records(): Promise<Record<string, EpochRecord>> {
  if (!existsSync(RECORD_FILE)) return {};
  try {
    return JSON.parse(await readFile(RECORD_FILE, 'utf8')) as Record<string, EpochRecord>;
  } catch {
    return {}; // unreadable: as if nothing was recorded
  }
}

async function markerEpoch(s3: S3Client): Promise<string | undefined> {
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: EPOCH_BUCKET, Key: EPOCH_KEY }));
    return (JSON.parse(await res.Body!.transformToString()) as EpochRecord).epoch;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NoSuchBucket' || name === 'NoSuchKey') return undefined;
    throw err;
  }
}

/**
 * Compares the emulator's marker with the epoch recorded for `endpoint`: `unknown` when this
 * state directory never provisioned it, `lost` when the marker is gone or another one.
 */
export async function checkEmulatorEpoch(s3: S3Client, endpoint: string): Promise<EpochCheck> {
  const recorded = (await records())[endpoint];
  if (!recorded) return { kind: 'unknown' };
  return (await markerEpoch(s3)) === recorded.epoch
    ? { kind: 'kept' }
    : { kind: 'lost', provisionedAt: recorded.provisionedAt };
}

/** Stamps the emulator at `endpoint` (after provisioning) unless it carries its recorded epoch. */
export async function stampEmulatorEpoch(s3: S3Client, endpoint: string): Promise<void> {
  if ((await checkEmulatorEpoch(s3, endpoint)).kind === 'kept') return;
  const record: EpochRecord = { epoch: randomUUID(), provisionedAt: new Date().toISOString() };
  const region = await s3.config.region();
  const create = new CreateBucketCommand({
    Bucket: EPOCH_BUCKET,
    ...(region === 'us-east-1'
      ? {}
      : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
  });
  await s3.send(create).catch((err: unknown) => {
    const name = (err as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  });
  await s3.send(
    new PutObjectCommand({ Bucket: EPOCH_BUCKET, Key: EPOCH_KEY, Body: JSON.stringify(record) }),
  );
  await mkdir(STATE_DIR, { recursive: true });
  const all = { ...(await records()), [endpoint]: record };
  await writeFile(RECORD_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

/** The line `up` and `run` print when the emulator lost its state. */
export function lostStateLine(endpoint: string, provisionedAt: string): string {
  return (
    `the emulator at ${endpoint} lost its state (restarted or reset since it was provisioned at ` +
    `${provisionedAt}): its files, tables and messages are gone; provisioning it again`
  );
}

/** The line `up` prints when the emulator the last `up` left running is gone. */
export function goneEmulatorLine(pid: number, endpoint: string): string {
  return (
    `the embedded emulator the last pipeline up started (pid ${pid}, ${endpoint}) has stopped: ` +
    'its files, tables and messages are gone; starting a new one'
  );
}
