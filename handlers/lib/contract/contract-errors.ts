import { UserFacingError } from '../errors/pipeline-error';

/**
 * A contract file that cannot be used: unreadable YAML/JSON, a field that breaks the schema, or
 * a version that breaks its predecessor. The message is one line, `file:line: path: problem`,
 * so a person fixes it without reading code.
 */
export class ContractFileError extends UserFacingError {}

/** No contract is configured for a source (or for the requested version). */
export class UnknownContractError extends UserFacingError {}
