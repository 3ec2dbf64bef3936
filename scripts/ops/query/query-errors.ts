import { UserFacingError } from '../../../handlers/lib/errors/pipeline-error';

/** The SQL did not parse, bind or run: DuckDB's own message, on one line. */
export class SqlError extends UserFacingError {}

/** The curated data is not there to query (no table, or no such snapshot). */
export class NoCuratedDataError extends UserFacingError {}
