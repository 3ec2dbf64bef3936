import { PipelineError } from '../lib/errors/pipeline-error';

/** Root of the manifest builder's errors. */
export class ManifestBuilderError extends PipelineError {}

/** Reading a raw object failed for a reason other than "it is gone". */
export class ObjectReadError extends ManifestBuilderError {}

/** Copying an invalid object to the quarantine bucket failed. */
export class QuarantineCopyError extends ManifestBuilderError {}

/** Writing a manifest document or sending its message failed. */
export class ManifestPublishError extends ManifestBuilderError {}

/** Building the manifests of one date failed; the date's records are retried. */
export class DateBuildError extends ManifestBuilderError {}
