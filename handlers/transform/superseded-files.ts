import type { ManifestFile } from '../lib/manifest/manifest-document';
import { currentVersions } from '../lib/tracking/current-versions';
import type { TrackedFile } from './status-store';

/**
 * The files of a manifest that are no longer the current version of their key: the producer
 * re-uploaded the key since, and the newer version's manifest owns the key's rows. A file
 * without a version id (unversioned bucket) is never superseded.
 */
export function supersededFiles<F extends ManifestFile>(
  files: readonly F[],
  tracked: readonly TrackedFile[],
): F[] {
  const current = new Map(currentVersions(tracked).map((t) => [`${t.bucket}/${t.key}`, t]));
  return files.filter((f) => {
    const now = current.get(`${f.bucket}/${f.key}`);
    return (
      f.versionId !== undefined && now?.versionId !== undefined && now.versionId !== f.versionId
    );
  });
}
