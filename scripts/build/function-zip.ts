import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import {
  contractFiles,
  contractsDir,
  CONTRACTS_FOLDER,
} from '../../handlers/lib/contract/contract-set';
import type { FunctionKey } from '../../handlers/lib/names';
import { FUNCTIONS } from '../../handlers/lib/names';
import { BuildError } from './build-error';
import { deterministicZip } from './deterministic-zip';
import { lambdaExtensionFiles } from './duckdb-extensions';
import type { LambdaArchitecture } from './function-builds';
import { FUNCTION_BUILDS } from './function-builds';
import { foreignNodeModules, readTree } from './native-modules';
import { BUILD_DIR, REPO_ROOT } from './paths';

/** A built Lambda code zip. */
export interface FunctionZip {
  readonly fn: FunctionKey;
  readonly architecture: LambdaArchitecture;
  /** Absolute path of the zip under `.build/`. */
  readonly zipPath: string;
  /** Hex SHA-256 of the zip: names the S3 object, so new code means a new key. */
  readonly sha256Hex: string;
  /** Base64 SHA-256 of the zip: Lambda's `source_code_hash`. */
  readonly sha256Base64: string;
}

/** Bundles the entry with esbuild into one CommonJS file for Node 22, native packages external. */
function bundle(fn: FunctionKey): Uint8Array {
  const { entry, nativePackages } = FUNCTION_BUILDS[fn];
  const result = buildSync({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    outfile: 'index.js',
    write: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
    external: nativePackages.flatMap((pkg) => [pkg, `${pkg}/*`, '@duckdb/node-bindings*']),
  });
  const [output] = result.outputFiles;
  if (!output) throw new BuildError(`esbuild produced no output for ${entry}`);
  return output.contents;
}

const built = new Map<string, FunctionZip>();

/**
 * Builds (or reuses from `.build/lambda/`) the code zip of one function: the esbuild bundle as
 * `index.js`, the source contract files under `contracts/` (found there by the handlers, as
 * from source they find the repository's), plus the native packages installed for the
 * function's Lambda architecture under `node_modules/` and, for DuckDB functions, the extension
 * files under `duckdb-extensions/`.
 * Content-addressed, so a synth that changes nothing re-zips nothing, and memoized per process,
 * so synthesizing dev and prod builds each function once. `architecture` defaults to the
 * function's Lambda architecture; the containers tests build the same code for the host's
 * (hostLambdaArchitecture) where the host cannot run the deployed one.
 */
export function functionZip(
  fn: FunctionKey,
  architecture: LambdaArchitecture = FUNCTION_BUILDS[fn].architecture,
): FunctionZip {
  const memo = `${fn}:${architecture}`;
  const cached = built.get(memo);
  if (cached) return cached;
  const { nativePackages, duckdbExtensions } = FUNCTION_BUILDS[fn];
  const files = new Map<string, Uint8Array>([['index.js', bundle(fn)]]);
  for (const file of contractFiles(contractsDir())) {
    files.set(`${CONTRACTS_FOLDER}/${path.basename(file)}`, fs.readFileSync(file));
  }
  if (nativePackages.length > 0) {
    const modules = foreignNodeModules(nativePackages, architecture);
    for (const [name, data] of readTree(modules, 'node_modules')) files.set(name, data);
  }
  if (duckdbExtensions) {
    for (const [name, data] of lambdaExtensionFiles(architecture)) files.set(name, data);
  }
  const key = createHash('sha256');
  for (const name of [...files.keys()].sort()) {
    key
      .update(name)
      .update('\0')
      .update(files.get(name) ?? new Uint8Array())
      .update('\0');
  }
  const dir = path.join(BUILD_DIR, 'lambda');
  const zipPath = path.join(dir, `${FUNCTIONS[fn]}-${key.digest('hex').slice(0, 16)}.zip`);
  if (!fs.existsSync(zipPath)) {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${zipPath}.${process.pid}.tmp`;
    fs.writeFileSync(partial, deterministicZip(files));
    fs.renameSync(partial, zipPath);
  }
  const digest = createHash('sha256').update(fs.readFileSync(zipPath)).digest();
  const result: FunctionZip = {
    fn,
    architecture,
    zipPath,
    sha256Hex: digest.toString('hex'),
    sha256Base64: digest.toString('base64'),
  };
  built.set(memo, result);
  return result;
}
