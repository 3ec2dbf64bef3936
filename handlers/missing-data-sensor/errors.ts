import { PipelineError } from '../lib/errors/pipeline-error';

/** Base of the sensor's errors. */
export class SensorError extends PipelineError {}

/** Listing the raw bucket for a source's date failed. */
export class RawListingError extends SensorError {}

/** Reading a dead-letter queue's depth failed. */
export class DlqDepthError extends SensorError {}

/** Reading or writing an alert-once record failed. */
export class AlertRecordError extends SensorError {}
