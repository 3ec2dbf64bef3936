import { PipelineError } from '../errors/pipeline-error';
import { APP_EVENTS_CONTRACT_V1 } from './app-events-contract';
import { sourceContractSchema, type SourceContract, type SourceContractInput } from './contract';

/** No contract is configured for a source (or for the requested version). */
export class UnknownContractError extends PipelineError {}

/** Every configured contract; the newest version of a source is the one applied. */
export const CONTRACTS: readonly SourceContractInput[] = [APP_EVENTS_CONTRACT_V1];

/**
 * The contract applied to a source's files: the highest version configured for it, validated,
 * so a broken contract fails at the first manifest with a message naming what is wrong.
 */
export function contractFor(
  source: string,
  contracts: readonly SourceContractInput[] = CONTRACTS,
): SourceContract {
  const candidates = contracts.filter((c) => c.source === source);
  if (candidates.length === 0) {
    throw new UnknownContractError(`no schema contract is configured for source "${source}"`, {
      context: { source, configured: contracts.map((c) => c.source) },
    });
  }
  const newest = candidates.reduce((a, b) => (b.version > a.version ? b : a));
  return sourceContractSchema.parse(newest);
}
