/**
 * Life cycle of a tracked raw file: PENDING (tracked, waiting for a manifest) -> MANIFESTED
 * (in exactly one manifest) -> DONE (its manifest was transformed) or FAILED (its manifest failed
 * a hard DQ rule or could not be read). QUARANTINED files failed validation and never enter a
 * manifest.
 */
export const FILE_STATUS = {
  pending: 'PENDING',
  manifested: 'MANIFESTED',
  done: 'DONE',
  failed: 'FAILED',
  quarantined: 'QUARANTINED',
} as const;
export type FileStatus = (typeof FILE_STATUS)[keyof typeof FILE_STATUS];

/**
 * Life cycle of a manifest: CREATED (recorded with its files, document written) -> QUEUED
 * (message sent to the manifest queue) -> DONE (curated data written) or FAILED (reasons kept).
 */
export const MANIFEST_STATUS = {
  created: 'CREATED',
  queued: 'QUEUED',
  done: 'DONE',
  failed: 'FAILED',
} as const;
export type ManifestStatus = (typeof MANIFEST_STATUS)[keyof typeof MANIFEST_STATUS];
