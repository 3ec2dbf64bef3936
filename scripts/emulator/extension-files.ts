import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DUCKDB_EXTENSIONS, extensionFile } from '../../handlers/lib/iceberg/extensions';
import { EmulatorError } from './emulator-error';

/** Where pip put one extension's file: site-packages/duckdb_extension_<name>/extensions/v<x>/. */
async function installedExtension(venvDir: string, name: string): Promise<string | undefined> {
  const lib = join(venvDir, 'lib');
  if (!existsSync(lib)) return undefined;
  for (const python of await readdir(lib)) {
    const base = join(lib, python, 'site-packages', `duckdb_extension_${name}`, 'extensions');
    if (!existsSync(base)) continue;
    for (const version of await readdir(base)) {
      const file = join(base, version, `${name}.duckdb_extension`);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

/**
 * Copies the host's DuckDB extension files out of the venv's pinned wheels into one flat
 * directory (`<name>.duckdb_extension`), the layout DUCKDB_EXTENSION_DIR and the Lambda bundle
 * share, so every reader loads them by path the same way.
 */
export async function copyExtensionFiles(venvDir: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const name of DUCKDB_EXTENSIONS) {
    const file = await installedExtension(venvDir, name);
    if (!file) {
      throw new EmulatorError(
        `the venv has no DuckDB ${name} extension (duckdb-extension-${name}); reinstall: rm -rf .venv && npm run bootstrap`,
      );
    }
    await copyFile(file, join(target, extensionFile(name)));
  }
}
