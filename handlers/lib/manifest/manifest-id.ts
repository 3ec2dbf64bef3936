import { createHash } from 'node:crypto';

/** Hex characters of the sha256 kept in a manifest id: 80 bits, collision-free in practice. */
export const MANIFEST_ID_HEX_LENGTH = 20;

/**
 * Derives a manifest id from the identities of its files (bucket/key/version), independent of
 * their order, so the same files always make the same manifest, the same document key and the
 * same curated output: a rerun overwrites instead of appending.
 */
export function manifestIdOf(fileIdentities: readonly string[]): string {
  if (fileIdentities.length === 0) throw new RangeError('a manifest needs at least one file');
  const sorted = [...fileIdentities].sort();
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i] === sorted[i - 1]) throw new RangeError(`file listed twice: ${sorted[i]}`);
  }
  const hash = createHash('sha256');
  for (const id of sorted) hash.update(id).update('\n');
  return hash.digest('hex').slice(0, MANIFEST_ID_HEX_LENGTH);
}
