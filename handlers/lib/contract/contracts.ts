import { UnknownContractError } from './contract-errors';
import { sourceContractSchema, type SourceContract, type SourceContractInput } from './contract';
import { configuredContracts } from './contract-set';

export { UnknownContractError } from './contract-errors';

/** The sources that have a contract, sorted: one curated table each. */
export function configuredSources(
  contracts: readonly SourceContractInput[] = configuredContracts(),
): string[] {
  return [...new Set(contracts.map((c) => c.source))].sort();
}

/**
 * The contract applied to a source's files: the highest version configured for it, validated,
 * so a broken contract fails at the first manifest with a message naming what is wrong.
 */
export function contractFor(
  source: string,
  contracts: readonly SourceContractInput[] = configuredContracts(),
): SourceContract {
  const candidates = contracts.filter((c) => c.source === source);
  if (candidates.length === 0) {
    throw new UnknownContractError(
      `no schema contract is configured for source "${source}"; add contracts/${source}.yaml (pipeline contract infer <files...> --source ${source} proposes one)`,
      { context: { source, configured: contracts.map((c) => c.source) } },
    );
  }
  const newest = candidates.reduce((a, b) => (b.version > a.version ? b : a));
  return sourceContractSchema.parse(newest);
}

/** The contract in force for every configured source (its newest version), in source order. */
export function currentContracts(
  contracts: readonly SourceContractInput[] = configuredContracts(),
): SourceContract[] {
  return configuredSources(contracts).map((source) => contractFor(source, contracts));
}
