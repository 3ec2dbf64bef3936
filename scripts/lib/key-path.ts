import { isAbsolute, join, relative, resolve } from 'node:path';
import { PipelineError } from '../../handlers/lib/errors/pipeline-error';

/** An object key that cannot be given a local path inside the folder it is copied to. */
export class KeyPathError extends PipelineError {}

/** Longest file name most file systems accept (ext4, APFS, NTFS: 255 bytes or UTF-16 units). */
const MAX_SEGMENT_BYTES = 255;

const hex = (ch: string): string =>
  [...Buffer.from(ch, 'utf8')]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');

/**
 * One key segment as a file name that means nothing but itself: `.` and `..` are written as
 * `%2E` and `%2E%2E`, and the characters a file system gives meaning to (`\` is a separator on
 * Windows, `:` a drive or stream, control characters and NUL end or garble names) are
 * percent-encoded. Anything else, `%` included, stays as it is, so ordinary keys keep their
 * names.
 */
function neutraliseSegment(segment: string): string {
  if (segment === '.') return '%2E';
  if (segment === '..') return '%2E%2E';
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return segment.replace(/[\u0000-\u001f\u007f\\:]/g, hex);
}

/** Whether `path` is `root` itself or lies inside it. */
function inside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * The local path of an object key under `root`, for copying a bucket's objects to disk (the
 * demo's `--out`, tests). S3 keys are any UTF-8 text: `raw/../../x` or `/etc/passwd` are valid
 * keys, and joined to a folder as they are they would write outside it. Here empty segments
 * (a leading, doubled or trailing `/`) are dropped, every other segment is neutralised (see
 * {@link neutraliseSegment}), and the result is checked to lie inside `root`. Throws
 * {@link KeyPathError} for a key that leaves no file name or has a segment too long for a file
 * system; the caller lists it as not copied.
 */
export function localPathOfKey(root: string, key: string): string {
  const segments = key
    .split('/')
    .filter((s) => s !== '')
    .map(neutraliseSegment);
  if (segments.length === 0) {
    throw new KeyPathError(`object key ${JSON.stringify(key)} names no file`, { context: { key } });
  }
  const long = segments.find((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES);
  if (long !== undefined) {
    throw new KeyPathError(
      `object key ${JSON.stringify(key)} has a name longer than ${MAX_SEGMENT_BYTES} bytes`,
      { context: { key } },
    );
  }
  const path = join(root, ...segments);
  if (!inside(root, path)) {
    throw new KeyPathError(`object key ${JSON.stringify(key)} does not map inside ${root}`, {
      context: { key, root },
    });
  }
  return path;
}

/**
 * The local path of a key that must map to itself (`<root>/<key>`), or a {@link KeyPathError}:
 * for a mirror that reads its files back as keys (the query cache), where a neutralised name
 * would be a different key, and where `curated/../sync-index.json` must not overwrite the
 * mirror's own index.
 */
export function exactPathOfKey(root: string, key: string): string {
  const plain = key.split('/').every((s) => s !== '' && neutraliseSegment(s) === s);
  if (!plain) {
    throw new KeyPathError(
      `object key ${JSON.stringify(key)} is not a plain relative path (empty, "." or ".." segments, or characters a file name cannot hold)`,
      { context: { key, root } },
    );
  }
  return localPathOfKey(root, key);
}
