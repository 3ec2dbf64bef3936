import { UserFacingError } from './pipeline-error';

/** Configuration that is missing or invalid; the message names the variable. */
export class ConfigError extends UserFacingError {}
