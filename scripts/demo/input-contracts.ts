import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  configuredContracts,
  contractFiles,
  contractsDir,
} from '../../handlers/lib/contract/contract-set';
import { configuredSources } from '../../handlers/lib/contract/contracts';
import { UserFacingError } from '../../handlers/lib/errors/pipeline-error';
import { parseRawKey } from '../../handlers/manifest-builder/raw-key';
import { ENV_VARS } from '../../handlers/lib/names';
import type { LocalFile } from '../ingest/discover';
import { contractYaml } from '../ops/contract/contract-yaml';
import { inferContract } from '../ops/contract/infer-contract';

/** The demo's input names a source that has no contract (and --infer was not given). */
export class NoContractError extends UserFacingError {}

/** The sources of the files to upload, from their raw keys, sorted. */
export function inputSources(files: readonly LocalFile[]): string[] {
  const sources = files.flatMap((f) => {
    const parsed = parseRawKey(f.key);
    return parsed.ok ? [parsed.parts.source] : [];
  });
  return [...new Set(sources)].sort();
}

/**
 * Makes sure every source of the demo's input has a contract before anything starts. Without
 * `infer`, an unknown source fails in one line that prints the `contract infer` command; with
 * it, the proposal is written to a run-only contracts folder (the committed files plus the
 * proposals) that the stack, the handlers and the provisioner read through
 * PIPELINE_CONTRACTS_DIR. Returns the proposals' paths.
 */
export async function ensureInputContracts(
  files: readonly LocalFile[],
  input: string,
  options: { infer: boolean; workDir: string; log: (line: string) => void },
): Promise<string[]> {
  const known = new Set(configuredSources());
  const missing = inputSources(files).filter((s) => !known.has(s));
  if (missing.length === 0) return [];
  if (!options.infer) {
    const s = missing[0]!;
    throw new NoContractError(
      `no contract for source "${s}" (contracts: ${[...known].join(', ')}); propose one with \`npm run pipeline -- contract infer ${input} --source ${s} --out ${contractsDir()}/${s}.yaml\`, review and commit it, or rerun the demo with --infer to use the proposal for this run only`,
    );
  }
  const dir = join(options.workDir, 'contracts');
  mkdirSync(dir, { recursive: true });
  for (const f of contractFiles(contractsDir())) copyFileSync(f, join(dir, basename(f)));
  const written: string[] = [];
  for (const source of missing) {
    const own = files.filter((f) => inputSources([f])[0] === source).map((f) => f.path);
    const proposal = await inferContract(own, source);
    const path = join(dir, `${source}.yaml`);
    writeFileSync(path, contractYaml(proposal));
    options.log(
      `no contract for source ${source}: using the one inferred from ${own.length} file(s) for this run (${path}); commit a reviewed copy as contracts/${source}.yaml`,
    );
    written.push(path);
  }
  process.env[ENV_VARS.contractsDir] = dir;
  configuredContracts();
  return written;
}
