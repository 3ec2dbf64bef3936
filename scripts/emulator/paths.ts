import { join, resolve } from 'node:path';

/** The repository root, whichever script or test imports this. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** Where the emulator's venv lives and what it is installed from. */
export interface VenvPaths {
  readonly venv: string;
  readonly python: string;
  readonly stamp: string;
  readonly requirements: string;
  readonly constraints: string;
}

/** The venv layout under `venvDir` (PIPELINE_VENV_DIR, else `.venv` in the project). */
export function venvPaths(
  venvDir: string = process.env.PIPELINE_VENV_DIR ?? join(PROJECT_ROOT, '.venv'),
): VenvPaths {
  return {
    venv: venvDir,
    python: join(venvDir, 'bin', 'python'),
    stamp: join(venvDir, '.requirements.sha256'),
    requirements: join(PROJECT_ROOT, 'scripts', 'emulator', 'requirements.txt'),
    constraints: join(PROJECT_ROOT, 'scripts', 'emulator', 'constraints.txt'),
  };
}

/** The Python program that runs moto's server and reports its port. */
export const LAUNCHER = join(PROJECT_ROOT, 'scripts', 'emulator', 'launch_moto.py');

/** State of the emulator `pipeline up` leaves running, and its log (PIPELINE_STATE_DIR overrides). */
export const STATE_DIR = process.env.PIPELINE_STATE_DIR ?? join(PROJECT_ROOT, '.pipeline');

/** Sources of the embedded loop's Iceberg REST catalog: pinned jars and the loopback launcher. */
export const CATALOG_SOURCES = {
  pom: join(PROJECT_ROOT, 'scripts', 'emulator', 'catalog', 'pom.xml'),
  launcher: join(PROJECT_ROOT, 'scripts', 'emulator', 'catalog', 'LoopbackCatalog.java'),
} as const;

/** Where the installed catalog lives: beside the emulator's venv, so one `rm -rf` resets both. */
export interface CatalogPaths {
  readonly root: string;
  readonly jars: string;
  readonly classes: string;
  readonly stamp: string;
}

/** The catalog layout under `<venv>/iceberg-catalog`. */
export function catalogPaths(venvDir: string = venvPaths().venv): CatalogPaths {
  const root = join(venvDir, 'iceberg-catalog');
  return {
    root,
    jars: join(root, 'jars'),
    classes: join(root, 'classes'),
    stamp: join(root, '.sources.sha256'),
  };
}

/**
 * The DuckDB extension files of this host (`<name>.duckdb_extension`), which the venv install
 * copies out of the pinned `duckdb-extension-*` wheels: what DUCKDB_EXTENSION_DIR points at
 * for the local runtime, the CLI and the tests.
 */
export const hostExtensionDir = (venvDir: string = venvPaths().venv): string =>
  join(venvDir, 'duckdb-extensions');

/** The pyiceberg maintenance program (compaction, snapshot expiry, orphan files) of emulator targets. */
export const MAINTENANCE_SCRIPT = join(
  PROJECT_ROOT,
  'scripts',
  'maintenance',
  'iceberg_maintenance.py',
);

/** How to run it: the venv's python (where pyiceberg is installed) and the script. */
export const maintenanceCommand = (venvDir?: string): [string, string] => [
  venvPaths(venvDir).python,
  MAINTENANCE_SCRIPT,
];
