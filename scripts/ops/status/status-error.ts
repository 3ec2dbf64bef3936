import { UserFacingError } from '../../../handlers/lib/errors/pipeline-error';

/** The status of a deployment cannot be read as asked (a resource is missing on the target). */
export class StatusQueryError extends UserFacingError {}
