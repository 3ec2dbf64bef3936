import { UserFacingError } from '../../handlers/lib/errors/pipeline-error';

/** The embedded emulator could not be installed, started, reset or stopped. */
export class EmulatorError extends UserFacingError {}
