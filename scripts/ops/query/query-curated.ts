import type { AwsClients } from '../../../handlers/lib/aws/clients';
import type { AsOf } from '../../../handlers/lib/iceberg/table-reader';
import type { ResourceNames } from '../../../handlers/lib/names';
import { catalogAccess } from '../catalog/catalog-access';
import { queryViews, runQuery, type QueryResult } from './run-query';

export interface QueryCuratedOptions {
  readonly names: ResourceNames;
  readonly sql: string;
  /** A past state of the tables (time travel); the current one when undefined. */
  readonly asOf?: AsOf;
}

/**
 * `pipeline query` without the terminal: attach the curated tables' catalog of the target (the
 * REST catalog beside an emulator, Glue on AWS) and run the SQL over one view per source. Data
 * is read from S3 through the catalog at query time; nothing is mirrored locally any more, so
 * a query never sees files the table does not reference.
 */
export async function queryCurated(
  clients: AwsClients,
  options: QueryCuratedOptions,
): Promise<QueryResult> {
  return runQuery(
    await catalogAccess(clients),
    queryViews(options.names),
    options.sql,
    options.asOf,
  );
}
