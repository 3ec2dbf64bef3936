import { UserFacingError } from '../../handlers/lib/errors/pipeline-error';

/** A Lambda bundle that cannot be built; the message says what failed and what to do. */
export class BuildError extends UserFacingError {}
