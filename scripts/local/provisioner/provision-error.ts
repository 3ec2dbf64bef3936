import { UserFacingError } from '../../../handlers/lib/errors/pipeline-error';

/** The emulator could not be brought to what the synthesized stack declares. */
export class ProvisionError extends UserFacingError {}
