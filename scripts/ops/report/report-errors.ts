import { PipelineError, UserFacingError } from '../../../handlers/lib/errors/pipeline-error';

/** Errors of `pipeline report`. */
export class ReportError extends PipelineError {}

/** The artifacts bucket is not there (stack not deployed or provisioned on the target). */
export class NoMetricsBucketError extends UserFacingError {}
