import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ENVIRONMENTS } from '../../../handlers/lib/names';
import { ProvisionError } from '../provisioner/provision-error';
import { PROJECT_ROOT } from '../../emulator/paths';
import { stackJsonPath } from './stack-json';

const run = promisify(execFile);

/** What the synthesized stacks are made from: a newer file here makes them stale. */
const SOURCES = ['stacks', 'handlers', 'contracts', 'cdktf.json', 'package-lock.json'];

async function newestMtime(path: string): Promise<number> {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** True when a stack is missing or older than any file it is synthesized from. */
export async function synthIsStale(): Promise<boolean> {
  const outputs = ENVIRONMENTS.map(stackJsonPath);
  if (!outputs.every((p) => existsSync(p))) return true;
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  let newestSource = 0;
  for (const source of SOURCES) {
    const path = join(PROJECT_ROOT, source);
    if (existsSync(path)) newestSource = Math.max(newestSource, await newestMtime(path));
  }
  return newestSource > oldestOutput;
}

/**
 * Synthesizes the stacks (`npm run synth`) when they are stale, so the local tools always
 * provision and run what the code declares now. Returns whether it synthesized.
 */
export async function ensureSynth(log: (line: string) => void = () => undefined): Promise<boolean> {
  if (!(await synthIsStale())) return false;
  log('synthesizing the stacks (npm run synth)');
  try {
    await run(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'stacks', 'main.ts')], {
      cwd: PROJECT_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? err)
      .trim()
      .split('\n')
      .at(-1);
    throw new ProvisionError(
      `synthesizing the stacks failed (${stderr}); run npm run synth to see the whole error`,
      { cause: err },
    );
  }
  return true;
}
