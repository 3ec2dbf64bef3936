/**
 * Container images of the Docker path. docker-compose.yml pins the same tags (a unit test
 * checks they agree). LocalStack images after 4.14.0 need LOCALSTACK_AUTH_TOKEN (March 2026);
 * 4.14.0 is the last community tag that starts without one.
 */
export const LOCALSTACK_IMAGE = 'localstack/localstack:4.14.0';

/** The official moto image, same version as the embedded emulator's pin. */
export const MOTO_IMAGE = 'motoserver/moto:5.2.5';
