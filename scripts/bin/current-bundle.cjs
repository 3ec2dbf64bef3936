// Whether the CLI bundle is current, without compiling or hashing anything: the bundle's stamp
// lists every source file esbuild read with its size and mtime, and one changed file (an edit,
// a checkout) means the bundle is stale and the CLI runs from source until the next bootstrap
// rebuilds it (or, when only mtimes changed, refreshes the stamp). About 300 stat calls.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const STAMP = join(ROOT, '.build', 'cli', 'stamp.json');

/** The bundle's absolute path when it matches the sources on disk, else undefined. */
function currentBundle() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
  if (!stamp || typeof stamp.bundle !== 'string' || !Array.isArray(stamp.inputs)) return undefined;
  for (const [path, size, mtimeMs] of stamp.inputs) {
    let s;
    try {
      s = statSync(join(ROOT, path));
    } catch {
      return undefined;
    }
    if (s.size !== size || s.mtimeMs !== mtimeMs) return undefined;
  }
  return join(ROOT, stamp.bundle);
}

module.exports = { currentBundle, STAMP };
