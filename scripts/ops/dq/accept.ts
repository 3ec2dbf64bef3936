import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SourceContract } from '../../../handlers/lib/contract/contract';
import { currentContracts } from '../../../handlers/lib/contract/contracts';
import type { ResourceNames } from '../../../handlers/lib/names';
import { recordAcceptance, type DqAcceptance } from '../../../handlers/lib/tracking/dq-acceptances';
import { requestRebuild } from '../backfill/request-rebuild';
import { DqAcceptError } from './errors';

/** What `dq accept` reads and writes. */
export interface DqAcceptDeps {
  readonly sqs: SQSClient;
  readonly ddb: DynamoDBDocumentClient;
  readonly names: ResourceNames;
  /** The contracts in force; default: the configured folder's newest versions. */
  readonly contracts?: readonly SourceContract[];
  readonly now?: () => Date;
}

/** One acceptance as the operator asks for it. */
export interface DqAcceptRequest {
  readonly date: string;
  readonly rule: string;
  readonly reason: string;
  /** The source whose rule it is; may be left out when one source alone has the rule. */
  readonly source?: string;
  readonly by: string;
}

/** What `dq accept` did: the acceptance in force and the rebuild it requested. */
export interface DqAcceptResult {
  readonly acceptance: DqAcceptance;
  /** False when the rule was already accepted for the date (the first acceptance stands). */
  readonly recorded: boolean;
  /** The rebuild message's `requestedAt` (its run is `rebuild-<epoch ms>`). */
  readonly requestedAt: string;
}

/** The source of `rule`: the given one (checked), else the only contract that declares it. */
function sourceOf(contracts: readonly SourceContract[], rule: string, source?: string): string {
  const rulesOf = (c: SourceContract): string => c.dq.map((r) => r.id).join(', ') || 'none';
  if (source) {
    const contract = contracts.find((c) => c.source === source);
    if (!contract) {
      throw new DqAcceptError(
        `no contract for source ${source}; sources: ${contracts.map((c) => c.source).join(', ')}`,
      );
    }
    if (!contract.dq.some((r) => r.id === rule)) {
      throw new DqAcceptError(
        `source ${source} has no rule ${rule}; its rules: ${rulesOf(contract)}`,
      );
    }
    return source;
  }
  const owners = contracts.filter((c) => c.dq.some((r) => r.id === rule));
  if (owners.length === 1) return owners[0]!.source;
  if (owners.length === 0) {
    const all = contracts.map((c) => `${c.source}: ${rulesOf(c)}`).join('; ');
    throw new DqAcceptError(`no source has a rule ${rule}; rules by source: ${all}`);
  }
  throw new DqAcceptError(
    `rule ${rule} exists in sources ${owners.map((c) => c.source).join(', ')}; name one with --source`,
  );
}

/**
 * Publishes a date a hard rule holds, on an operator's word: records who accepted which rule of
 * which source for the date and why (once: a repeat keeps the first), then requests the date's
 * rebuild, whose DQ gate counts the accepted rule as a warning. The held rows are in no table
 * (a failing commit writes nothing), so the rebuild re-reads the date's raw files.
 */
export async function acceptRule(
  deps: DqAcceptDeps,
  req: DqAcceptRequest,
): Promise<DqAcceptResult> {
  const contracts = deps.contracts ?? currentContracts();
  const source = sourceOf(contracts, req.rule, req.source);
  const reason = req.reason.trim();
  if (!reason) throw new DqAcceptError('--reason must say why the date may be published');
  const now = (deps.now ?? (() => new Date()))();
  const { recorded, acceptance } = await recordAcceptance(deps.ddb, deps.names.tables.metrics, {
    source,
    ingestionDate: req.date,
    rule: req.rule,
    by: req.by,
    reason,
    at: now.toISOString(),
  });
  const requestedAt = now.toISOString();
  await requestRebuild(deps.sqs, deps.names, req.date, requestedAt, source);
  return { acceptance, recorded, requestedAt };
}
