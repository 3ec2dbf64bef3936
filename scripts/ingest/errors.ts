import { PipelineError, UserFacingError } from '../../handlers/lib/errors/pipeline-error';

/** Paths or overrides that cannot be turned into raw keys: the person fixes the command line. */
export class IngestInputError extends UserFacingError {}

/** The raw bucket is not on the target (stack not provisioned or deployed there). */
export class RawBucketMissingError extends UserFacingError {}

/** One file could not be uploaded; `cause` is the SDK error, `context` names file and key. */
export class UploadError extends PipelineError {}
