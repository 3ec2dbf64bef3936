import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, NotFound, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { fileItemKey, PK } from '../../../handlers/lib/tracking/items';
import {
  abandonRelease,
  claimRelease,
  completeRelease,
  quarantinedVersionsOf,
  type QuarantinedFileItem,
  type ReleaseVia,
} from '../../../handlers/lib/tracking/quarantine-release';
import { copyObject } from '../../../handlers/manifest-builder/copy-object';
import { parseRawKey } from '../../../handlers/manifest-builder/raw-key';
import type { QuarantineDeps } from './deps';
import { ReleaseRefusedError, clockOf, filesTableOf } from './deps';

/** Metadata of a released copy in raw: which quarantined item it re-submits (URL-encoded). */
export const RELEASED_FROM = 'released-from';

/** A release never waits this long (seconds); a crashed one is taken over after it. */
const RELEASE_LEASE_SECONDS = 300;

/** What a release did. */
export interface ReleaseResult {
  readonly key: string;
  readonly quarantinedVersion: string;
  readonly reason: string;
  readonly via: ReleaseVia;
  /** The new raw version the builder tracks as a new file. */
  readonly version: string;
}

async function head(
  d: QuarantineDeps,
  bucket: string,
  key: string,
): Promise<HeadObjectCommandOutput | undefined> {
  try {
    return await d.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (err instanceof NotFound || status === 404) return undefined;
    throw err;
  }
}

const versionOf = (h: HeadObjectCommandOutput): string =>
  h.VersionId && h.VersionId !== 'null' ? h.VersionId : (h.ETag ?? '').replace(/"/g, '');

/** The latest quarantined version of `key` that is not released yet, or a refusal saying why. */
async function releasable(d: QuarantineDeps, key: string): Promise<QuarantinedFileItem> {
  const parsed = parseRawKey(key);
  if (!parsed.ok || parsed.parts.ingestionDate === undefined) {
    throw new ReleaseRefusedError(
      `${key} is not a raw key with an ingestion date (raw/source=<source>/ingestion_date=YYYY-MM-DD/<file>); such files are rejected again, so upload the fixed file under a key in that layout`,
    );
  }
  const versions = await quarantinedVersionsOf(
    filesTableOf(d),
    d.rawBucket,
    key,
    parsed.parts.ingestionDate,
  );
  if (versions.length === 0) {
    throw new ReleaseRefusedError(
      `no quarantined file with key ${key} (see: pipeline quarantine list)`,
    );
  }
  const open = versions.filter((v) => v.release_state !== 'RELEASED');
  const latest = open[open.length - 1];
  if (!latest) {
    const last = versions[versions.length - 1]!;
    throw new ReleaseRefusedError(
      `${key} was already released at ${last.released_at ?? '?'} as version ${last.released_version ?? '?'}`,
    );
  }
  return latest;
}

/**
 * Re-submits a quarantined file. If the producer already uploaded a fixed version under the
 * same key, that version is the re-submission and nothing is copied; otherwise the quarantine
 * bucket's copy (fixed there by the operator, or unchanged when the validation settings were the
 * problem) is copied back to raw under the key, a new version that S3 notifies and the builder
 * tracks as a new file. The quarantined item stays QUARANTINED with its reason and gains the
 * release (when, how, which version). Claimed first, so concurrent releases copy once; a copy
 * made by a crashed release is recognized by its metadata and not repeated.
 */
export async function releaseQuarantined(d: QuarantineDeps, key: string): Promise<ReleaseResult> {
  const item = await releasable(d, key);
  const t = filesTableOf(d);
  const token = randomUUID();
  if (!(await claimRelease(t, item, token, clockOf(d), RELEASE_LEASE_SECONDS))) {
    throw new ReleaseRefusedError(`a release of ${key} is in progress; try again in a few minutes`);
  }
  const quarantinedVersion = item.version_id ?? item.etag;
  const marker = encodeURIComponent(item[PK]);
  let resubmitted: { version: string; via: ReleaseVia } | undefined;
  try {
    const current = await head(d, d.rawBucket, key);
    const isQuarantinedVersion =
      current !== undefined &&
      fileItemKey({
        bucket: d.rawBucket,
        key,
        versionId: current.VersionId,
        etag: current.ETag ?? '',
      }) === item[PK];
    if (current && !isQuarantinedVersion) {
      const ours = current.Metadata?.[RELEASED_FROM] === marker;
      resubmitted = { version: versionOf(current), via: ours ? 'copy' : 'producer' };
    } else {
      const copy = item.quarantine_key
        ? await head(d, d.quarantineBucket, item.quarantine_key)
        : undefined;
      if (!copy || !item.quarantine_key) {
        throw new ReleaseRefusedError(
          `no quarantined copy of ${key} is kept (it was gone when quarantined, or expired): the producer must upload it again`,
        );
      }
      await copyObject(d.clients.s3, {
        fromBucket: d.quarantineBucket,
        fromKey: item.quarantine_key,
        size: copy.ContentLength ?? 0,
        toBucket: d.rawBucket,
        toKey: key,
        metadata: { [RELEASED_FROM]: marker, 'released-at': clockOf(d).toISOString() },
        tagging: new URLSearchParams({ released: 'true' }).toString(),
      });
      const copied = await head(d, d.rawBucket, key);
      resubmitted = { version: copied ? versionOf(copied) : 'unknown', via: 'copy' };
    }
  } catch (err) {
    await abandonRelease(t, item, token);
    throw err;
  }
  await d.hooks?.afterResubmit?.(key);
  await completeRelease(t, item, token, { ...resubmitted, at: clockOf(d) });
  return { key, quarantinedVersion, reason: item.reason ?? '', ...resubmitted };
}
