import { PipelineError } from '../lib/errors/pipeline-error';

/** Base of the table-maintenance errors (compaction, snapshot expiry, orphan removal). */
export class MaintenanceError extends PipelineError {}

/** The maintenance engine (pyiceberg process or Athena query) failed or answered nonsense. */
export class MaintenanceEngineError extends MaintenanceError {}

/** The maintenance settings are invalid; names the variable. */
export class MaintenanceConfigError extends MaintenanceError {}
