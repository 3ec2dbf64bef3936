import { UserFacingError } from '../../../handlers/lib/errors/pipeline-error';

/**
 * A `dq accept` that names a rule or source no contract has, or that cannot tell which source
 * is meant. User-facing: the message lists what exists.
 */
export class DqAcceptError extends UserFacingError {}
