import * as path from 'node:path';

/** Repository root: every build path is resolved from it, never from the caller's cwd. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Cache of build outputs (bundles, zips, foreign-platform native modules); git-ignored. */
export const BUILD_DIR = path.join(REPO_ROOT, '.build');
