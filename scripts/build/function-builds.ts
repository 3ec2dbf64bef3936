import type { FunctionKey } from '../../handlers/lib/names';
import { FUNCTIONS } from '../../handlers/lib/names';

/** Lambda instruction set architectures, as Lambda names them. */
export type LambdaArchitecture = 'arm64' | 'x86_64';

/** How one function is built: its entry, its architecture and what must ship unbundled. */
export interface FunctionBuild {
  readonly entry: string;
  readonly architecture: LambdaArchitecture;
  /** npm packages kept out of the bundle and shipped in the zip's node_modules (native code). */
  readonly nativePackages: readonly string[];
}

/**
 * Build recipe of every function. Pure-JS functions run on arm64 (cheaper, faster cold start).
 * The transform loads DuckDB's native binding, and `@duckdb/node-bindings-linux-arm64` is not
 * published for the pinned `@duckdb/node-api` version (upstream skipped that release for
 * linux-arm64), so the transform runs on x86_64 with the linux-x64 binding. Switch it to arm64
 * when the pinned version has an arm64 binding: the build then fetches that one instead.
 */
export const FUNCTION_BUILDS: Readonly<Record<FunctionKey, FunctionBuild>> = {
  manifestBuilder: {
    entry: `handlers/${FUNCTIONS.manifestBuilder}/index.ts`,
    architecture: 'arm64',
    nativePackages: [],
  },
  transform: {
    entry: `handlers/${FUNCTIONS.transform}/index.ts`,
    architecture: 'x86_64',
    nativePackages: ['@duckdb/node-api'],
  },
  sensor: {
    entry: `handlers/${FUNCTIONS.sensor}/index.ts`,
    architecture: 'arm64',
    nativePackages: [],
  },
};

/** Node's name of an architecture, as npm's `--cpu` and package names use it. */
export const nodeCpu = (architecture: LambdaArchitecture): 'arm64' | 'x64' =>
  architecture === 'arm64' ? 'arm64' : 'x64';
