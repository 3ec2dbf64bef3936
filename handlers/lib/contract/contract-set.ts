import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { ENV_VARS } from '../names';
import { ContractFileError } from './contract-errors';
import { CONTRACT_EXTENSIONS, parseContractText } from './contract-file';
import type { SourceContract } from './contract';
import { breakingChange } from './evolution';

/** Folder name of the contract files, at the repository root and beside the Lambda bundle. */
export const CONTRACTS_FOLDER = 'contracts';

const isContractFile = (name: string): boolean =>
  (CONTRACT_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());

/**
 * The contracts folder in effect: `PIPELINE_CONTRACTS_DIR`, else the nearest `contracts/` from
 * this code upward. That is the repository's folder when the code runs from source (CLI, local
 * runtime, tests) and `/var/task/contracts` in a Lambda zip, so every target reads the same files.
 */
export function contractsDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[ENV_VARS.contractsDir];
  if (configured) return configured;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, CONTRACTS_FOLDER);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new ContractFileError(
    `no ${CONTRACTS_FOLDER}/ folder found above ${__dirname}; set ${ENV_VARS.contractsDir} to the folder of the contract files`,
  );
}

/** Paths of the contract files in `dir` (not its sub-folders, which hold the JSON Schema). */
export function contractFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && isContractFile(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/** Reads and validates one contract file; errors name the file as given, relative when inside cwd. */
export function loadContractFile(path: string): SourceContract {
  const shown = relative(process.cwd(), path).startsWith('..')
    ? path
    : relative(process.cwd(), path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ContractFileError(
      `${shown}: cannot read the contract file (${(err as NodeJS.ErrnoException).code ?? 'error'}); check the path`,
      { cause: err },
    );
  }
  return parseContractText(text, shown);
}

/**
 * Checks a set of contracts as one configuration: each (source, version) once, and each version
 * of a source compatible with the one before it (see breakingChange), so a breaking edit is
 * refused by the synth, `pipeline contract check` and the handlers alike.
 */
export function validateContractSet(contracts: readonly SourceContract[]): void {
  const bySource = new Map<string, SourceContract[]>();
  for (const c of contracts) bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);
  for (const [source, versions] of bySource) {
    const sorted = [...versions].sort((a, b) => a.version - b.version);
    for (let i = 1; i < sorted.length; i++) {
      const [prev, next] = [sorted[i - 1]!, sorted[i]!];
      if (prev.version === next.version) {
        throw new ContractFileError(
          `source ${source} has two contract files of version ${next.version}; give the newer one the next version number`,
        );
      }
      const why = breakingChange(prev, next);
      if (why) throw new ContractFileError(`breaking contract change: ${why}`);
    }
  }
}

/** Every contract file of `dir`, validated one by one and as a set. */
export function loadContractDir(dir: string): SourceContract[] {
  const contracts = contractFiles(dir).map(loadContractFile);
  validateContractSet(contracts);
  return contracts;
}

const loaded = new Map<string, readonly SourceContract[]>();

/** The configured contracts (all versions), read once per folder per process. */
export function configuredContracts(
  env: NodeJS.ProcessEnv = process.env,
): readonly SourceContract[] {
  const dir = contractsDir(env);
  const cached = loaded.get(dir);
  if (cached) return cached;
  const contracts = loadContractDir(dir);
  loaded.set(dir, contracts);
  return contracts;
}
