/** An object of the curated prefix as the bucket listing shows it. */
export interface RemoteObject {
  readonly key: string;
  /** Without the quotes S3 puts around it. */
  readonly etag: string;
  readonly size: number;
}

/** What the cache recorded at its last sync: the bucket and each object's ETag and size. */
export interface SyncIndex {
  readonly bucket: string;
  readonly objects: Readonly<Record<string, { readonly etag: string; readonly size: number }>>;
}

/** What one sync does: fetch, keep, and delete (by object key). */
export interface SyncPlan {
  readonly download: readonly RemoteObject[];
  readonly unchanged: readonly RemoteObject[];
  readonly remove: readonly string[];
}

/**
 * Decides what a sync does, without I/O, so the rules are tested on their own: an object is
 * fetched when it is new, its ETag changed, the local copy is missing or has another size, or
 * the caller asked for a full refresh; every local file that is no longer in the bucket goes
 * (a rebuild deletes the parts it replaced, and the mirror must not keep reading them).
 * An index written for another bucket (another target) counts as empty.
 */
export function planSync(
  bucket: string,
  remote: readonly RemoteObject[],
  index: SyncIndex | undefined,
  localSizes: ReadonlyMap<string, number>,
  refresh = false,
): SyncPlan {
  const known = index?.bucket === bucket ? index.objects : {};
  const download: RemoteObject[] = [];
  const unchanged: RemoteObject[] = [];
  for (const o of remote) {
    const recorded = Object.hasOwn(known, o.key) ? known[o.key] : undefined;
    const fresh =
      !refresh &&
      recorded !== undefined &&
      recorded.etag === o.etag &&
      localSizes.get(o.key) === o.size;
    (fresh ? unchanged : download).push(o);
  }
  const wanted = new Set(remote.map((o) => o.key));
  const remove = [...localSizes.keys()].filter((k) => !wanted.has(k)).sort();
  return { download, unchanged, remove };
}

/** The index after a plan ran to the end: exactly the remote listing. */
export function indexAfter(bucket: string, remote: readonly RemoteObject[]): SyncIndex {
  const objects: Record<string, { etag: string; size: number }> = {};
  for (const o of remote) objects[o.key] = { etag: o.etag, size: o.size };
  return { bucket, objects };
}
