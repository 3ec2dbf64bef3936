import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';

/** Fixed timestamp of every entry, so the same files always give the same zip bytes. */
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');
/** Unix "made by" host and a regular file with mode 0644, which Lambda can read. */
const UNIX_HOST = 3;
const FILE_ATTRS = (0o100644 << 16) >>> 0;

/**
 * Zips `files` (zip path to bytes) in sorted order with fixed timestamps and permissions, so
 * the archive, its hash and therefore the Lambda `source_code_hash` depend only on content:
 * an unchanged function is never redeployed.
 */
export function deterministicZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const tree: Zippable = {};
  for (const name of [...files.keys()].sort()) {
    const data = files.get(name);
    if (data === undefined) continue;
    tree[name] = [data, { mtime: ZIP_MTIME, os: UNIX_HOST, attrs: FILE_ATTRS, level: 6 }];
  }
  return zipSync(tree);
}
