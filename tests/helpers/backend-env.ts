/**
 * How the global setup tells test workers which AWS backend to use. Process environment is
 * the one channel jest carries from globalSetup into its workers.
 */
export const BACKEND_ENV = {
  /** User input: an emulator URL to test against instead of starting one. */
  explicitEndpoint: 'PIPELINE_TEST_ENDPOINT',
  /** User input: `embedded` (the default) or `localstack`; Docker's presence changes nothing. */
  forceBackend: 'PIPELINE_TEST_BACKEND',
  /** Set by the global setup: which backend was chosen. */
  kind: 'PIPELINE_TEST_BACKEND_KIND',
  /** Set by the global setup: comma-separated endpoints, one per jest worker (embedded). */
  endpoints: 'PIPELINE_TEST_ENDPOINTS',
} as const;

export const BACKEND_KINDS = ['embedded', 'endpoint', 'localstack'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];
