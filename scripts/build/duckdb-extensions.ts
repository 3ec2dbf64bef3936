import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { DUCKDB_EXTENSIONS, extensionFile } from '../../handlers/lib/iceberg/extensions';
import { BUNDLED_EXTENSION_DIR } from '../../handlers/lib/names';
import { venvPaths } from '../emulator/paths';
import { BuildError } from './build-error';
import type { LambdaArchitecture } from './function-builds';
import { pinnedVersion } from './native-modules';
import { BUILD_DIR } from './paths';

type DuckdbExtension = (typeof DUCKDB_EXTENSIONS)[number];

/** The npm package whose DuckDB release every DuckDB binary of the project must match. */
export const DUCKDB_NODE_PACKAGE = '@duckdb/node-api';

/**
 * The DuckDB version the pinned `@duckdb/node-api` binds (`1.5.5-r.5` binds DuckDB 1.5.5):
 * extensions are built per DuckDB version and refuse to load into another, so the Lambda's and
 * the host's extension files (scripts/emulator/requirements.txt) are pinned to this one.
 */
export function duckdbVersion(nodeApiVersion: string = pinnedVersion(DUCKDB_NODE_PACKAGE)): string {
  const match = /^(\d+\.\d+\.\d+)(?:-r\.\d+)?$/.exec(nodeApiVersion);
  if (!match?.[1]) {
    throw new BuildError(
      `cannot tell the DuckDB version of ${DUCKDB_NODE_PACKAGE}@${nodeApiVersion} (expected <duckdb version>-r.<n>)`,
    );
  }
  return match[1];
}

/** pip's platform tag of the Linux wheels for a Lambda architecture (glibc, as Lambda's AL2023). */
const PIP_PLATFORMS: Readonly<Record<LambdaArchitecture, string>> = {
  arm64: 'manylinux2014_aarch64',
  x86_64: 'manylinux2014_x86_64',
};

/**
 * The DuckDB extension files (httpfs, avro, aws, iceberg) for Linux on `architecture`, as zip
 * path (`duckdb-extensions/<name>.duckdb_extension`, BUNDLED_EXTENSION_DIR) to bytes.
 *
 * DuckDB publishes each extension on PyPI as the wheel `duckdb-extension-<name>` (signed
 * binaries, one wheel per platform), the same source the bootstrap installs the host's from. The
 * wheels are fetched with the venv's pip (`pip download --no-deps --only-binary=:all:
 * --platform <tag>`, any host can fetch any platform's) into `.build/duckdb-extensions/`, cached
 * per DuckDB version and platform, and only the `.duckdb_extension` file is kept: Lambda loads
 * them by path, never downloads at run time.
 */
export function lambdaExtensionFiles(
  architecture: LambdaArchitecture,
  version: string = duckdbVersion(),
): Map<string, Uint8Array> {
  const platform = PIP_PLATFORMS[architecture];
  const dir = path.join(BUILD_DIR, 'duckdb-extensions', `v${version}`, platform);
  const done = path.join(dir, '.installed');
  if (!fs.existsSync(done)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const wheels = path.join(dir, 'wheels');
    fs.mkdirSync(wheels, { recursive: true });
    const specs = DUCKDB_EXTENSIONS.map((name) => `duckdb-extension-${name}==${version}`);
    download(specs, platform, wheels);
    for (const name of DUCKDB_EXTENSIONS) {
      fs.writeFileSync(path.join(dir, extensionFile(name)), extractExtension(wheels, name));
    }
    fs.rmSync(wheels, { recursive: true, force: true });
    fs.writeFileSync(done, `${specs.join('\n')}\n${platform}\n`);
  }
  const files = new Map<string, Uint8Array>();
  for (const name of DUCKDB_EXTENSIONS) {
    const file = extensionFile(name);
    files.set(`${BUNDLED_EXTENSION_DIR}/${file}`, fs.readFileSync(path.join(dir, file)));
  }
  return files;
}

function download(specs: readonly string[], platform: string, into: string): void {
  const { python } = venvPaths();
  if (!fs.existsSync(python)) {
    throw new BuildError(
      `no Python venv at ${python} to fetch the DuckDB extensions; run: npm run bootstrap`,
    );
  }
  const args = ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:'];
  args.push('--platform', platform, '--python-version', '3.11', '--disable-pip-version-check');
  args.push('--quiet', '--dest', into, ...specs);
  try {
    execFileSync(python, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new BuildError(
      `pip could not download ${specs.join(' ')} for ${platform} into ${into} (needs PyPI; the first build of the transform must be online)`,
      { cause: err },
    );
  }
}

/** The `<name>.duckdb_extension` file inside the downloaded wheel of extension `name`. */
function extractExtension(wheels: string, name: DuckdbExtension): Uint8Array {
  const prefix = `duckdb_extension_${name}-`;
  const wheel = fs.readdirSync(wheels).find((f) => f.startsWith(prefix) && f.endsWith('.whl'));
  if (!wheel) throw new BuildError(`pip left no ${prefix}*.whl in ${wheels}`);
  const wanted = `/${extensionFile(name)}`;
  const entries = unzipSync(fs.readFileSync(path.join(wheels, wheel)), {
    filter: (entry) => entry.name.endsWith(wanted),
  });
  const [data, ...more] = Object.values(entries);
  if (!data || more.length > 0) {
    throw new BuildError(
      `${wheel} holds ${Object.keys(entries).length} ${extensionFile(name)} files, expected 1`,
    );
  }
  return data;
}
