import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../../../handlers/lib/aws/clients';
import { UserFacingError } from '../../../handlers/lib/errors/pipeline-error';
import type { CatalogAccess } from '../../../handlers/lib/iceberg/catalog-session';
import { catalogTargetFor } from '../../../handlers/lib/iceberg/catalog-target';
import { IcebergError } from '../../../handlers/lib/iceberg/iceberg-errors';
import { ENV_VARS } from '../../../handlers/lib/names';
import { hostExtensionDir } from '../../emulator/paths';

/** The curated tables' catalog cannot be reached from this target: what to set, on one line. */
export class NoCatalogError extends UserFacingError {}

/**
 * How the operator tools reach the curated tables of their target: the REST catalog beside an
 * emulator (--catalog / ICEBERG_CATALOG_URL), or the account's Glue catalog on AWS (the
 * account id from STS); this machine's DuckDB extensions unless DUCKDB_EXTENSION_DIR says.
 */
export async function catalogAccess(clients: AwsClients): Promise<CatalogAccess> {
  const extensionDir = process.env[ENV_VARS.duckdbExtensionDir] ?? hostExtensionDir();
  if (clients.target.kind === 'aws') {
    const who = await clients.sts.send(new GetCallerIdentityCommand({}));
    return { catalog: catalogTargetFor(clients.target, who.Account), extensionDir };
  }
  try {
    return { catalog: catalogTargetFor(clients.target), extensionDir };
  } catch (err) {
    if (!(err instanceof IcebergError)) throw err;
    throw new NoCatalogError(
      clients.target.kind === 'embedded'
        ? `the embedded emulator at ${clients.target.endpoint} has no Iceberg catalog (started before catalogs were): restart it with pipeline down && pipeline up`
        : `no Iceberg catalog for the emulator at ${clients.target.endpoint}: pass --catalog <url> (or set ${ENV_VARS.catalogUrl}) to its REST catalog`,
      { cause: err },
    );
  }
}
