import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { FunctionKey } from '../../../handlers/lib/names';
import {
  hostLambdaArchitecture,
  type LambdaArchitecture,
} from '../../../scripts/build/function-builds';
import { functionZip } from '../../../scripts/build/function-zip';

/** A function's shipped zip, unpacked the way Lambda unpacks it into /var/task. */
export interface FunctionCode {
  readonly fn: FunctionKey;
  readonly architecture: LambdaArchitecture;
  readonly zipPath: string;
  /** Directory holding the zip's files: the container's /var/task. */
  readonly taskDir: string;
  /** The zip's file names. */
  readonly files: readonly string[];
}

/**
 * Builds `fn`'s zip with the project's one build (scripts/build/function-zip.ts) for the
 * architecture this host runs natively, and unpacks it into a fresh temporary directory.
 * Nothing from the TypeScript sources reaches the container except through the zip.
 */
export function unpackedFunction(fn: FunctionKey): FunctionCode {
  const architecture = hostLambdaArchitecture();
  const { zipPath } = functionZip(fn, architecture);
  const taskDir = mkdtempSync(join(tmpdir(), `lambda-${fn}-`));
  const entries = unzipSync(readFileSync(zipPath));
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    const target = join(taskDir, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  return { fn, architecture, zipPath, taskDir, files: Object.keys(entries) };
}
