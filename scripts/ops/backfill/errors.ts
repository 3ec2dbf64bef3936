import { PipelineError, UserFacingError } from '../../../handlers/lib/errors/pipeline-error';

/**
 * A backfill stopped at a date (its rebuild failed data quality, or produced no result in
 * time). User-facing: the message says which date, why, and how to resume.
 */
export class BackfillStoppedError extends UserFacingError {}

/** The backfill's progress record could not be written (it changed under us, or DynamoDB said no). */
export class BackfillProgressError extends PipelineError {}
