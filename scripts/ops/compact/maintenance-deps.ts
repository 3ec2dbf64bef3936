import { AthenaClient } from '@aws-sdk/client-athena';
import { createClient, type AwsClients } from '../../../handlers/lib/aws/clients';
import type { CatalogAccess } from '../../../handlers/lib/iceberg/catalog-session';
import { athenaEngine } from '../../../handlers/maintenance/athena-engine';
import { commandEngine } from '../../../handlers/maintenance/command-engine';
import type { MaintenanceDeps } from '../../../handlers/maintenance/maintenance';
import type { ResourceNames } from '../../../handlers/lib/names';
import { maintenanceCommand } from '../../emulator/paths';

/**
 * The maintenance core's dependencies for the CLI: pyiceberg beside an emulator (the venv's
 * python), Athena in the deployment's workgroup on AWS; the ledger in the metrics table.
 */
export function maintenanceDeps(
  clients: AwsClients,
  names: ResourceNames,
  access: CatalogAccess,
): MaintenanceDeps {
  const engine =
    access.catalog.kind === 'rest'
      ? commandEngine(maintenanceCommand(), access.catalog)
      : athenaEngine({
          athena: createClient(AthenaClient, clients.target),
          workgroup: names.athenaWorkgroup,
          database: names.iceberg.namespace,
        });
  return { engine, ddb: clients.ddb, metricsTable: names.tables.metrics };
}
