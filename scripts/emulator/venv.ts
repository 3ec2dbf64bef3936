import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { EmulatorError } from './emulator-error';
import { copyExtensionFiles } from './extension-files';
import { hostExtensionDir, venvPaths, type VenvPaths } from './paths';

const run = promisify(execFile);

/** The Python used to create the venv: PIPELINE_PYTHON, else python3 on the PATH. */
export const basePython = (env: NodeJS.ProcessEnv = process.env): string =>
  env.PIPELINE_PYTHON ?? 'python3';

async function requirementsDigest(paths: VenvPaths): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [paths.requirements, paths.constraints]) {
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

/** True when the venv exists and was installed from the current requirement files. */
export async function venvIsCurrent(paths: VenvPaths = venvPaths()): Promise<boolean> {
  if (!existsSync(paths.python) || !existsSync(paths.stamp)) return false;
  const stamp = (await readFile(paths.stamp, 'utf8')).trim();
  return stamp === (await requirementsDigest(paths));
}

const lastLine = (text: string): string =>
  text.trim().split('\n').filter(Boolean).at(-1) ?? '(no output)';

const stderrOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'stderr' in err ? String(err.stderr) : String(err);

/**
 * Creates the project-local venv and installs the pinned emulator into it. Idempotent: a venv
 * installed from the same requirement files is left alone, so this is cheap to call before
 * every test run or demo. Failures say what to do instead of dumping pip's output.
 */
export async function ensureVenv(
  log: (line: string) => void = () => undefined,
  paths: VenvPaths = venvPaths(),
  python: string = basePython(),
): Promise<'created' | 'current'> {
  if (await venvIsCurrent(paths)) return 'current';
  if (!existsSync(paths.python)) {
    log(`creating the emulator venv in ${paths.venv} with ${python}`);
    try {
      await run(python, ['-m', 'venv', paths.venv]);
    } catch (err) {
      await rm(paths.venv, { recursive: true, force: true });
      throw new EmulatorError(
        `could not create the emulator's Python venv with "${python} -m venv" (${lastLine(stderrOf(err))}); ` +
          'install Python 3.9+ with its venv module (Debian/Ubuntu: apt-get install python3-venv) ' +
          'or set PIPELINE_PYTHON to such a python3, then run: npm run bootstrap',
        { cause: err, context: { python } },
      );
    }
  }
  log('installing the pinned emulator (moto[server]) into the venv');
  try {
    await run(
      paths.python,
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--quiet',
        '-r',
        paths.requirements,
        '-c',
        paths.constraints,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (err) {
    throw new EmulatorError(
      `pip could not install the emulator into ${paths.venv} (${lastLine(stderrOf(err))}); ` +
        'check that PyPI (or your PIP_INDEX_URL mirror) is reachable, then run: npm run bootstrap',
      { cause: err },
    );
  }
  await copyExtensionFiles(paths.venv, hostExtensionDir(paths.venv));
  await writeFile(paths.stamp, `${await requirementsDigest(paths)}\n`);
  return 'created';
}
