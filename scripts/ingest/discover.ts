import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IngestInputError } from './errors';
import { rawKeyFor, type KeyOverrides } from './layout';

/** A local file to upload and the raw key it goes to. */
export interface LocalFile {
  readonly path: string;
  readonly size: number;
  readonly key: string;
}

/** Files below `dir`, skipping dotfiles and dot-folders (.DS_Store, .git). */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

async function filesUnder(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new IngestInputError(`${path} does not exist`);
  }
  if (info.isFile()) return [resolve(path)];
  if (!info.isDirectory()) throw new IngestInputError(`${path} is not a file or a folder`);
  return walk(resolve(path));
}

/**
 * The files behind the paths given (folders are walked; dotfiles skipped), each with its raw
 * key, sorted by key. Fails in one line on a missing path, a file whose key cannot be derived,
 * two files that would land on the same key, or nothing to upload.
 */
export async function discoverFiles(
  paths: readonly string[],
  overrides: KeyOverrides,
): Promise<LocalFile[]> {
  if (paths.length === 0) throw new IngestInputError('name at least one file or folder to ingest');
  const found = new Map<string, LocalFile>();
  for (const root of paths) {
    for (const path of await filesUnder(root)) {
      const key = rawKeyFor(path, overrides);
      const other = found.get(key);
      if (other && other.path !== path) {
        throw new IngestInputError(`${other.path} and ${path} would both upload to ${key}`);
      }
      found.set(key, { path, key, size: (await stat(path)).size });
    }
  }
  if (found.size === 0) throw new IngestInputError(`no files found in ${paths.join(', ')}`);
  return [...found.values()].sort((a, b) => a.key.localeCompare(b.key));
}
