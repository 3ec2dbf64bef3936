import { PipelineError } from '../../../handlers/lib/errors/pipeline-error';

/** Errors of `pipeline report`. */
export class ReportError extends PipelineError {}
