import { PipelineError } from '../errors/pipeline-error';

/** Root of the tracking domain's errors (files table, locks). */
export class TrackingError extends PipelineError {}

/**
 * A manifest could not claim its files: at least one is no longer PENDING nor already in this
 * manifest (another manifest took it). Nothing of the failed transaction was written.
 */
export class ManifestConflictError extends TrackingError {}

/** A tracked item is not where or what the caller expected (e.g. a manifest id that is unknown). */
export class TrackingItemMissingError extends TrackingError {}
