import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildError } from './build-error';
import type { LambdaArchitecture } from './function-builds';
import { nodeCpu } from './function-builds';
import { BUILD_DIR, REPO_ROOT } from './paths';

/** The version of `pkg` this repository pins, so the Lambda ships what the tests ran against. */
export function pinnedVersion(pkg: string): string {
  const manifest = path.join(REPO_ROOT, 'node_modules', pkg, 'package.json');
  const parsed: unknown = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  if (typeof parsed === 'object' && parsed !== null && 'version' in parsed) {
    const { version } = parsed;
    if (typeof version === 'string') return version;
  }
  throw new BuildError(`${manifest} has no version; run npm ci`);
}

/**
 * Installs `packages` at their pinned versions for Linux on `architecture` (glibc, as Lambda's
 * Amazon Linux 2023) into a cache folder under `.build/`, and returns its node_modules path.
 * npm selects the foreign platform's optional native packages with --cpu/--os/--libc, so this
 * works from any development machine. The folder is reused until the pinned versions change.
 */
export function foreignNodeModules(
  packages: readonly string[],
  architecture: LambdaArchitecture,
): string {
  const cpu = nodeCpu(architecture);
  const specs = packages.map((pkg) => `${pkg}@${pinnedVersion(pkg)}`);
  const id = specs.join('+').replace(/[^a-zA-Z0-9.+-]/g, '_');
  const dir = path.join(BUILD_DIR, 'native', `linux-${cpu}-glibc`, id);
  const done = path.join(dir, '.installed');
  if (!fs.existsSync(done)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
    const args = ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-package-lock'];
    args.push('--cpu', cpu, '--os', 'linux', '--libc', 'glibc', '--save-exact', ...specs);
    try {
      execFileSync('npm', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      throw new BuildError(
        `npm could not install ${specs.join(' ')} for linux-${cpu} into ${dir} (needs the npm registry)`,
        { cause: err },
      );
    }
    fs.writeFileSync(done, `${specs.join('\n')}\n`);
  }
  return path.join(dir, 'node_modules');
}

/** Every file under `root` as zip path (prefixed by `zipPrefix`, POSIX separators) to bytes. */
export function readTree(root: string, zipPrefix: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string, rel: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue; // npm's .package-lock.json and similar
      const full = path.join(dir, entry.name);
      const zipPath = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(full, zipPath);
      else if (entry.isFile()) files.set(zipPath, fs.readFileSync(full));
    }
  };
  walk(root, zipPrefix);
  return files;
}
