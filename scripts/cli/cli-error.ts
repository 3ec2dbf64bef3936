import { UserFacingError } from '../../handlers/lib/errors/pipeline-error';

/** Wrong arguments or a missing prerequisite of a CLI command: one line, what to do. */
export class CliError extends UserFacingError {}
