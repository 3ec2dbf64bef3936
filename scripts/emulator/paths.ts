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
