import { join, resolve } from 'node:path';

/** The repository root, whichever script or test imports this. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** Files and folders of the embedded emulator, all inside the project. */
export const EMULATOR_PATHS = {
  venv: join(PROJECT_ROOT, '.venv'),
  python: join(PROJECT_ROOT, '.venv', 'bin', 'python'),
  requirements: join(PROJECT_ROOT, 'scripts', 'emulator', 'requirements.txt'),
  constraints: join(PROJECT_ROOT, 'scripts', 'emulator', 'constraints.txt'),
  stamp: join(PROJECT_ROOT, '.venv', '.requirements.sha256'),
  launcher: join(PROJECT_ROOT, 'scripts', 'emulator', 'launch_moto.py'),
  /** State of long-lived emulators started by `pipeline up`, and their logs. */
  stateDir: join(PROJECT_ROOT, '.pipeline'),
} as const;
