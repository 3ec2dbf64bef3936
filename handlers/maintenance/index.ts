import { AthenaClient } from '@aws-sdk/client-athena';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createAwsClients, createClient } from '../lib/aws/clients';
import { targetFromEnv, type Target } from '../lib/aws/target';
import { configuredSources } from '../lib/contract/contracts';
import { catalogTargetFor } from '../lib/iceberg/catalog-target';
import { curatedTableRefIn, type SCHEDULED_INPUTS } from '../lib/names';
import { createLogger } from '../lib/observability/logger';
import { athenaEngine } from './athena-engine';
import { commandEngine } from './command-engine';
import { parseMaintenanceConfig, type MaintenanceConfig } from './config';
import type { MaintenanceEngine } from './engine';
import { MaintenanceConfigError } from './maintenance-errors';
import {
  maintainTables,
  type CuratedTable,
  type MaintenanceDeps,
  type TableMaintenance,
} from './maintenance';

/** Input of the scheduled maintenance run. */
export type MaintenanceInput = typeof SCHEDULED_INPUTS.maintenance;

/**
 * The engine of the target: Athena on AWS, the pyiceberg program beside an emulator (Athena is
 * not emulated; the local deployment passes the program's command).
 */
export function engineFor(target: Target, config: MaintenanceConfig): MaintenanceEngine {
  if (target.kind === 'aws') {
    if (!config.athenaWorkgroup)
      throw new MaintenanceConfigError('ATHENA_WORKGROUP is required on AWS targets');
    return athenaEngine({
      athena: createClient(AthenaClient, target),
      workgroup: config.athenaWorkgroup,
      database: config.namespace,
    });
  }
  const catalog = catalogTargetFor(target);
  if (catalog.kind !== 'rest' || !config.command)
    throw new MaintenanceConfigError(
      'ICEBERG_MAINTENANCE_COMMAND is required on emulator targets (the local deployment sets it)',
    );
  return commandEngine(config.command, catalog);
}

let built:
  | { deps: MaintenanceDeps; config: MaintenanceConfig; logger: Logger; tables: CuratedTable[] }
  | undefined;

function dependencies(): NonNullable<typeof built> {
  if (built) return built;
  const config = parseMaintenanceConfig(process.env);
  const target = targetFromEnv();
  const clients = createAwsClients(target);
  const sources = configuredSources();
  built = {
    config,
    deps: {
      engine: engineFor(target, config),
      ddb: clients.ddb,
      metricsTable: config.metricsTable,
    },
    logger: createLogger(config.serviceName, config.logLevel),
    tables: sources.map((source) => ({
      source,
      ref: curatedTableRefIn(config.namespace, config.curatedBucket, source),
    })),
  };
  return built;
}

/**
 * Lambda entry of the scheduled table maintenance: every source's table gets its dates with
 * small files compacted (one commit and one ledger record per date), then its old snapshots
 * expired and orphan files removed (see {@link maintainTables}).
 */
export async function handler(event: MaintenanceInput): Promise<TableMaintenance[]> {
  const { deps, config, logger, tables } = dependencies();
  const report = await maintainTables(deps, tables, config.settings);
  logger.info('table maintenance', { action: event.action, tables: report });
  return report;
}
