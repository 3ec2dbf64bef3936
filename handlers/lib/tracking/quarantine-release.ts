/**
 * Releases of quarantined files, recorded on the quarantined file item itself: the item keeps
 * its QUARANTINED status and reason (history: that version was bad), and gains `released_*`
 * attributes saying when it was re-submitted, how and as which new version. The new version is
 * a new file item, tracked by the manifest builder from its own S3 notification.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FilesTable } from './file-repository';
import { quarantinedFilesOfDate } from './file-repository';
import type { FileItem } from './items';
import { INDEX_SK, PK } from './items';
import { FILE_STATUS } from './statuses';
import { conditionally } from './conditionally';

/** How a quarantined file was re-submitted. */
export type ReleaseVia =
  /** The quarantined copy (fixed in the quarantine bucket, or as is) was copied back to raw. */
  | 'copy'
  /** The producer had already uploaded a fixed version under the same key. */
  | 'producer';

/** A quarantined file item with its release attributes, when released or being released. */
export interface QuarantinedFileItem extends FileItem {
  readonly release_state?: 'RELEASING' | 'RELEASED';
  readonly release_token?: string;
  /** Epoch seconds after which an unfinished release may be taken over. */
  readonly release_lease_until?: number;
  readonly released_at?: string;
  readonly released_version?: string;
  readonly released_via?: ReleaseVia;
}

/** The quarantined versions of raw `key` (its date's quarantine index partition), oldest first. */
export async function quarantinedVersionsOf(
  t: FilesTable,
  bucket: string,
  key: string,
  date: string,
): Promise<QuarantinedFileItem[]> {
  const items = await quarantinedFilesOfDate(t, date);
  return (items as QuarantinedFileItem[])
    .filter((f) => f.key === key && f.bucket === bucket)
    .sort((a, b) => a[INDEX_SK].localeCompare(b[INDEX_SK]));
}

/**
 * Claims the release of one quarantined version: only one release runs at a time and a
 * released version is never released twice; a claim whose holder crashed is taken over once its
 * lease passed (checked in the condition, since expired items are not deleted on emulators).
 */
export async function claimRelease(
  t: FilesTable,
  item: Pick<FileItem, typeof PK>,
  token: string,
  now: Date,
  leaseSeconds: number,
): Promise<boolean> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return conditionally(() =>
    t.ddb.send(
      new UpdateCommand({
        TableName: t.table,
        Key: { [PK]: item[PK] },
        ConditionExpression:
          '#st = :q AND (attribute_not_exists(release_state) OR (release_state = :releasing AND release_lease_until < :now))',
        UpdateExpression:
          'SET release_state = :releasing, release_token = :token, release_lease_until = :lease',
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: {
          ':q': FILE_STATUS.quarantined,
          ':releasing': 'RELEASING',
          ':token': token,
          ':now': nowSeconds,
          ':lease': nowSeconds + leaseSeconds,
        },
      }),
    ),
  );
}

/** Records a finished release (when, how, which new version); only by the claim's holder. */
export async function completeRelease(
  t: FilesTable,
  item: Pick<FileItem, typeof PK>,
  token: string,
  release: { readonly version: string; readonly via: ReleaseVia; readonly at: Date },
): Promise<boolean> {
  return conditionally(() =>
    t.ddb.send(
      new UpdateCommand({
        TableName: t.table,
        Key: { [PK]: item[PK] },
        ConditionExpression: 'release_token = :token',
        UpdateExpression:
          'SET release_state = :released, released_at = :at, released_version = :v, released_via = :via REMOVE release_token, release_lease_until',
        ExpressionAttributeValues: {
          ':token': token,
          ':released': 'RELEASED',
          ':at': release.at.toISOString(),
          ':v': release.version,
          ':via': release.via,
        },
      }),
    ),
  );
}

/** Gives up a claimed release that failed before anything was re-submitted. */
export async function abandonRelease(
  t: FilesTable,
  item: Pick<FileItem, typeof PK>,
  token: string,
): Promise<void> {
  try {
    await t.ddb.send(
      new UpdateCommand({
        TableName: t.table,
        Key: { [PK]: item[PK] },
        ConditionExpression: 'release_token = :token',
        UpdateExpression: 'REMOVE release_state, release_token, release_lease_until',
        ExpressionAttributeValues: { ':token': token },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}
