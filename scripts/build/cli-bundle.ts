/**
 * Builds the `pipeline` CLI into one CommonJS file (`npm run bootstrap` runs this), so a CLI
 * call loads JavaScript instead of compiling ~300 TypeScript files through tsx on every start
 * (3-4 s of CPU, `--help` included). Packages stay external: native ones (@duckdb/node-api)
 * cannot be bundled, and node_modules is where they are anyway. Skips the build when the
 * sources' digest matches the last build; the stamp beside the bundle lists each source's size
 * and mtime for scripts/bin/current-bundle.cjs, which runs the bundle only while they match.
 */
import { build, type BuildFailure } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runMain } from '../lib/run-main';
import { BuildError } from './build-error';
import { deferHeavyRequires, LAZY_REQUIRE_BANNER } from './lazy-externals';
import { BUILD_DIR, REPO_ROOT } from './paths';

const OUT_DIR = join(BUILD_DIR, 'cli');
const BUNDLE = join(OUT_DIR, 'pipeline.cjs');
const STAMP = join(OUT_DIR, 'stamp.json');
/** Where a build writes before its files replace the current ones. */
const NEXT_DIR = join(OUT_DIR, 'next');
const ENTRY = join(REPO_ROOT, 'scripts', 'cli', 'main.ts');
/** How the bundle is made: a change here rebuilds it as a change of a source does. */
const BUILDER_SOURCES = ['scripts/build/cli-bundle.ts', 'scripts/build/lazy-externals.ts'];

/** The stamp: bundle path, sources digest, and [path, size, mtimeMs] of every source. */
interface Stamp {
  readonly bundle: string;
  readonly digest: string;
  readonly inputs: ReadonlyArray<readonly [string, number, number]>;
}

/** esbuild's first error with its file and line, else the error's first line. */
function firstError(err: unknown): string {
  const first = (err as Partial<BuildFailure>).errors?.[0];
  if (!first) return String((err as Error).message).split('\n')[0] ?? '';
  const at = first.location ? `${first.location.file}:${first.location.line}: ` : '';
  return `${at}${first.text}`;
}

async function digestOf(paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const p of [...paths].sort()) {
    hash.update(`${p}\0`);
    hash.update(await readFile(join(REPO_ROOT, p)));
  }
  return hash.digest('hex');
}

async function writeStamp(paths: readonly string[], digest: string): Promise<void> {
  const inputs = await Promise.all(
    [...paths].sort().map(async (p) => {
      const s = await stat(join(REPO_ROOT, p));
      return [p, s.size, s.mtimeMs] as const;
    }),
  );
  const stamp: Stamp = { bundle: relative(REPO_ROOT, BUNDLE), digest, inputs };
  await writeFile(`${STAMP}.tmp`, JSON.stringify(stamp));
  await rename(`${STAMP}.tmp`, STAMP);
}

async function previousStamp(): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await readFile(STAMP, 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/**
 * Builds the bundle unless the sources it was built from are unchanged; returns what it did.
 * The bundle is written in a folder of its own and renamed into place, so a CLI starting
 * meanwhile never loads half a file.
 */
export async function buildCliBundle(options: { force?: boolean } = {}): Promise<string> {
  const before = await previousStamp();
  if (before && !options.force) {
    const paths = before.inputs.map(([p]) => p);
    const digest = await digestOf(paths).catch(() => undefined);
    if (digest === before.digest) {
      await writeStamp(paths, digest);
      return 'CLI bundle is current';
    }
  }
  await mkdir(NEXT_DIR, { recursive: true });
  const started = Date.now();
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [ENTRY],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    metafile: true,
    write: false,
    banner: { js: LAZY_REQUIRE_BANNER },
    // A bug's stack trace names the TypeScript lines (scripts/bin/pipeline.cjs enables maps).
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent',
  }).catch((err: unknown) => {
    throw new BuildError(
      `the CLI bundle did not build (${firstError(err)}); fix it and run: npm run bootstrap`,
      { cause: err },
    );
  });
  const paths = [...new Set([...Object.keys(result.metafile.inputs), ...BUILDER_SOURCES])];
  // Written under NEXT_DIR but built for BUNDLE's path: the map's source paths are relative.
  for (const file of result.outputFiles) {
    const next = join(NEXT_DIR, relative(OUT_DIR, file.path));
    await writeFile(
      next,
      file.path.endsWith('.cjs') ? deferHeavyRequires(file.text) : file.contents,
    );
  }
  await rename(join(NEXT_DIR, 'pipeline.cjs.map'), `${BUNDLE}.map`);
  await rename(join(NEXT_DIR, 'pipeline.cjs'), BUNDLE);
  await writeStamp(paths, await digestOf(paths));
  return `built the CLI bundle (${paths.length} sources) in ${Date.now() - started} ms`;
}

if (require.main === module) {
  runMain(async () => {
    const force = process.argv.includes('--force');
    // Not fatal: a source that does not compile must not stop the bootstrap (or `npm test`);
    // scripts/bin/pipeline.cjs then finds the bundle stale and runs the sources through tsx.
    const done = await buildCliBundle({ force }).catch((err: unknown) => {
      if (!(err instanceof BuildError)) throw err;
      return `${err.message}; until then the CLI runs from source (slower start)`;
    });
    process.stdout.write(`bootstrap: ${done}\n`);
  });
}
