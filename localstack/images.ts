/**
 * Container images of the Docker path. docker-compose.yml pins the same tags (a unit test
 * checks they agree). LocalStack images after 4.14.0 need LOCALSTACK_AUTH_TOKEN (March 2026);
 * 4.14.0 is the last community tag that starts without one.
 */
export const LOCALSTACK_IMAGE = 'localstack/localstack:4.14.0';

/** The official moto image, same version as the embedded emulator's pin. */
export const MOTO_IMAGE = 'motoserver/moto:5.2.5';

/**
 * LocalStack services the Docker path loads (its SERVICES setting): what the pipeline's stacks
 * and handlers call. With SERVICES set, LocalStack loads only these and refuses the rest
 * (docs.localstack.cloud, Configuration: SERVICES), so a service the code starts to use must be
 * added here; docker-compose.yml and the testcontainers helper read this list, and a unit test
 * checks docker-compose.yml agrees.
 *
 * Left out because the community image does not have them (Pro only in 4.14.0): glue, athena
 * (the catalog construct) and xray (tracing config is only stored). `kms` is in because the
 * buckets use SSE-KMS with the AWS-managed key.
 */
export const LOCALSTACK_SERVICES = [
  'cloudwatch',
  'dynamodb',
  'events',
  'iam',
  'kms',
  'lambda',
  'logs',
  's3',
  'sns',
  'sqs',
  'sts',
] as const;

/** Port LocalStack's gateway listens on inside its container. */
export const LOCALSTACK_CONTAINER_PORT = 4566;

/** Port moto_server listens on inside the official image (moto's default). */
export const MOTO_CONTAINER_PORT = 5000;
