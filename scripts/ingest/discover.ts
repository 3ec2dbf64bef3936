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

/** A path below a given folder that is not uploaded, and why. */
export interface SkippedEntry {
  readonly path: string;
  readonly reason: string;
}

/**
 * Files below `dir`. Dotfiles and dot-folders (.DS_Store, .git, an editor's swap file) are not
 * uploaded, nor symbolic links (not followed, so a link cannot pull files from elsewhere) and
 * sockets or devices: each is recorded in `skipped` with the reason, never dropped in silence.
 */
async function walk(dir: string, skipped: SkippedEntry[]): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith('.')) {
      const what = entry.isDirectory() ? 'a hidden folder (name starts with .)' : 'a dotfile';
      skipped.push({ path, reason: `${what}: not uploaded` });
    } else if (entry.isDirectory()) out.push(...(await walk(path, skipped)));
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink()) {
      skipped.push({ path, reason: 'a symbolic link: not followed; name its target instead' });
    } else skipped.push({ path, reason: 'not a regular file' });
  }
  return out;
}

async function filesUnder(path: string, skipped: SkippedEntry[]): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new IngestInputError(`${path} does not exist`);
  }
  if (info.isFile()) return [resolve(path)];
  if (!info.isDirectory()) throw new IngestInputError(`${path} is not a file or a folder`);
  return walk(resolve(path), skipped);
}

/** What a set of paths holds to upload, and what below them is not uploaded. */
export interface Discovery {
  readonly files: LocalFile[];
  readonly skipped: SkippedEntry[];
}

/**
 * The files behind the paths given (folders are walked), each with its raw key, sorted by key,
 * and the entries below them that are not uploaded (dotfiles, links), each with its reason, so
 * the caller can list every one. Fails in one line on a missing path, a file whose key cannot
 * be derived, two files that would land on the same key, or nothing to upload.
 */
export async function discoverInput(
  paths: readonly string[],
  overrides: KeyOverrides,
): Promise<Discovery> {
  if (paths.length === 0) throw new IngestInputError('name at least one file or folder to ingest');
  const found = new Map<string, LocalFile>();
  const skipped: SkippedEntry[] = [];
  for (const root of paths) {
    for (const path of await filesUnder(root, skipped)) {
      const key = rawKeyFor(path, overrides);
      const other = found.get(key);
      if (other && other.path !== path) {
        throw new IngestInputError(`${other.path} and ${path} would both upload to ${key}`);
      }
      found.set(key, { path, key, size: (await stat(path)).size });
    }
  }
  if (found.size === 0) {
    const why =
      skipped.length > 0
        ? ` (${skipped.length} skipped: ${skipped[0]!.path}: ${skipped[0]!.reason})`
        : '';
    throw new IngestInputError(`no files found in ${paths.join(', ')}${why}`);
  }
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  return { files: [...found.values()].sort((a, b) => a.key.localeCompare(b.key)), skipped };
}

/** The files of {@link discoverInput}, for callers that do not report skipped entries. */
export async function discoverFiles(
  paths: readonly string[],
  overrides: KeyOverrides,
): Promise<LocalFile[]> {
  return (await discoverInput(paths, overrides)).files;
}
