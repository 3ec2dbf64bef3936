import type { AwsClients } from '../../handlers/lib/aws/clients';
import { targetToEnv, type Target } from '../../handlers/lib/aws/target';
import { configuredSources, contractFor } from '../../handlers/lib/contract/contracts';
import { ensureCuratedTable } from '../../handlers/lib/iceberg/rest-catalog';
import {
  curatedTableRef,
  ENV_VARS,
  resourceNames,
  type EnvName,
  type FunctionKey,
  type ResourceNames,
} from '../../handlers/lib/names';
import { envConfig } from '../../stacks/config/env-configs';
import { stackOverridesFromEnv } from '../../stacks/config/stack-overrides';
import { hostExtensionDir, maintenanceCommand } from '../emulator/paths';
import { ensureAlertsInbox } from './alerts-inbox';
import { provisionStack, type ProvisionReport } from './provisioner/provision';
import type { Outcome } from './provisioner/types';
import { resolvedEnvironments } from './stack/functions';
import { loadStackJson, stackJsonPath, type StackJson } from './stack/stack-json';
import { ensureSynth } from './stack/synth';

/** A stack made real on an emulator: what the local runtime and the tests run against. */
export interface LocalDeployment {
  readonly env: EnvName;
  readonly names: ResourceNames;
  readonly stack: StackJson;
  readonly report: ProvisionReport;
  /** Each function's environment exactly as its Lambda would see it, plus the target. */
  readonly functionEnv: Readonly<Record<FunctionKey, Record<string, string>>>;
}

/** The resource names of `env`, with the same overrides the synthesized stack was made with. */
export function deploymentNames(env: EnvName): ResourceNames {
  const config = envConfig(env, stackOverridesFromEnv());
  return resourceNames(config.projectPrefix, env, config.accountId);
}

/**
 * Synthesizes `env` if stale, provisions it on the target and resolves each function's
 * environment: the one step behind `pipeline up`, the demo and the integration fixture.
 */
export async function deployLocally(
  clients: AwsClients,
  target: Target,
  env: EnvName = 'dev',
  options: { synth?: boolean; onApplied?: (address: string, outcome: Outcome) => void } = {},
): Promise<LocalDeployment> {
  if (options.synth !== false) await ensureSynth();
  const stack = await loadStackJson(stackJsonPath(env));
  const region = target.region ?? (await clients.s3.config.region());
  const report = await provisionStack(stack, clients, region, options.onApplied);
  const names = deploymentNames(env);
  // This machine's DuckDB extensions, not the /var/task path the Lambda bundle has them at.
  const local = { ...targetToEnv(target), [ENV_VARS.duckdbExtensionDir]: hostExtensionDir() };
  const functionEnv = resolvedEnvironments(stack, report.attributes, local);
  // Athena is not emulated: the maintenance function runs the venv's pyiceberg program instead.
  functionEnv.maintenance = {
    ...functionEnv.maintenance,
    [ENV_VARS.maintenanceCommand]: JSON.stringify(maintenanceCommand()),
  };
  // The curated Iceberg tables: Terraform creates them in Glue on AWS; here, in the REST catalog.
  if (target.kind !== 'aws' && target.catalogEndpoint) {
    for (const source of configuredSources()) {
      const ref = curatedTableRef(names, source);
      await ensureCuratedTable(target.catalogEndpoint, ref, contractFor(source));
    }
  }
  // Local only: an SQS inbox on the alerts topic, read by `pipeline alerts`.
  const topic = [...report.attributes.values()].find((a) => a.name === names.topics.alerts);
  if (topic?.arn) await ensureAlertsInbox(clients, names, topic.arn);
  return { env, names, stack, report, functionEnv };
}
