import { PipelineError } from '../errors/pipeline-error';

/** Base of the curated-table errors: the catalog or the table refused or failed an operation. */
export class IcebergError extends PipelineError {}

/** The catalog answered with an error status (or not at all) to a REST call. */
export class CatalogRequestError extends IcebergError {}

/** No curated table (or namespace) where one was expected: the stack was not provisioned. */
export class TableMissingError extends IcebergError {}

/**
 * A commit that should have landed is not in the table when read back: the catalog said yes
 * and did not keep it (seen with Iceberg's REST fixture under concurrent commits). Retried.
 */
export class CommitNotVisibleError extends IcebergError {}

/** Another writer committed first (HTTP 409 from the catalog): retried on the new state. */
export class CommitConflictError extends IcebergError {}

/**
 * The curated table cannot take the contract's schema (a column's type differs): a person must
 * change the contract; retrying does not help.
 */
export class SchemaEvolutionError extends IcebergError {}
