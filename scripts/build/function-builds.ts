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
  /**
   * Ship the DuckDB extensions the curated Iceberg tables need (httpfs, avro, aws, iceberg) for
   * the function's architecture under `duckdb-extensions/` (DUCKDB_EXTENSION_DIR).
   */
  readonly duckdbExtensions: boolean;
}

/**
 * Build recipe of every function. All run on arm64 (cheaper per GB-second, faster cold start).
 * The transform loads DuckDB's native binding: the build installs the linux-arm64 binding of
 * the pinned `@duckdb/node-api` into the zip. Pin a DuckDB release that publishes a
 * linux-arm64 binding (1.5.6-r.1 does not; 1.5.5-r.5 does), or set x86_64 here.
 */
export const FUNCTION_BUILDS: Readonly<Record<FunctionKey, FunctionBuild>> = {
  manifestBuilder: {
    entry: `handlers/${FUNCTIONS.manifestBuilder}/index.ts`,
    architecture: 'arm64',
    nativePackages: [],
    duckdbExtensions: false,
  },
  transform: {
    entry: `handlers/${FUNCTIONS.transform}/index.ts`,
    architecture: 'arm64',
    nativePackages: ['@duckdb/node-api'],
    duckdbExtensions: true,
  },
  sensor: {
    entry: `handlers/${FUNCTIONS.sensor}/index.ts`,
    architecture: 'arm64',
    nativePackages: [],
    duckdbExtensions: false,
  },
  maintenance: {
    entry: `handlers/${FUNCTIONS.maintenance}/index.ts`,
    architecture: 'arm64',
    nativePackages: [],
    duckdbExtensions: false,
  },
};

/** Node's name of an architecture, as npm's `--cpu` and package names use it. */
export const nodeCpu = (architecture: LambdaArchitecture): 'arm64' | 'x64' =>
  architecture === 'arm64' ? 'arm64' : 'x64';

/**
 * The Lambda architecture this machine runs natively (arm64 on arm64 hosts, else x86_64): what
 * a zip must be built for to run in a local Lambda container without emulation.
 */
export function hostLambdaArchitecture(arch: string = process.arch): LambdaArchitecture {
  return arch === 'arm64' ? 'arm64' : 'x86_64';
}
