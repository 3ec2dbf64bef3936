import { PipelineError, UserFacingError } from '../../../handlers/lib/errors/pipeline-error';

/** Errors of `pipeline query`: syncing the curated cache or running the SQL. */
export class QueryError extends PipelineError {}

/** The SQL did not parse, bind or run: DuckDB's own message, on one line. */
export class SqlError extends UserFacingError {}

/** The curated data is not there to query (no bucket, or no Parquet yet). */
export class NoCuratedDataError extends UserFacingError {}

/** Listing or downloading the curated objects failed for a reason we do not translate. */
export class CacheSyncError extends QueryError {}
