import { PipelineError } from './pipeline-error';

/**
 * A deployed entry point whose logic is not written yet. Thrown instead of pretending to work,
 * so an early deployment fails loudly (Lambda error metric, alarm, message back to the queue)
 * rather than silently dropping input.
 */
export class NotImplementedError extends PipelineError {}
