/** A tracked object version with what orders it among the versions of its key. */
export interface VersionedFile {
  readonly bucket: string;
  readonly key: string;
  /** S3 LastModified of the version (ISO-8601; second precision on HEAD). */
  readonly lastModified?: string;
  /** When the builder tracked it (ISO-8601): breaks ties within one LastModified second. */
  readonly receivedAt?: string;
}

const newer = (a: VersionedFile, b: VersionedFile): boolean => {
  const byModified = (a.lastModified ?? '').localeCompare(b.lastModified ?? '');
  return byModified !== 0 ? byModified > 0 : (a.receivedAt ?? '') > (b.receivedAt ?? '');
};

/**
 * The current version of every key: when a producer re-uploads a file (same key, corrected
 * content), S3 keeps both versions and both are tracked, but only the newest one is the data.
 * A rebuild of a date reads these, so a correction replaces the rows it corrects instead of
 * adding them a second time. Order of the input is kept.
 */
export function currentVersions<T extends VersionedFile>(files: readonly T[]): T[] {
  const current = new Map<string, T>();
  for (const f of files) {
    const id = `${f.bucket}/${f.key}`;
    const seen = current.get(id);
    if (!seen || newer(f, seen)) current.set(id, f);
  }
  const keep = new Set(current.values());
  return files.filter((f) => keep.has(f));
}
