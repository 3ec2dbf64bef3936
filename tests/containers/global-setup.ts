import { getContainerRuntimeClient, ImageName } from 'testcontainers';
import { LOCALSTACK_IMAGE } from '../../localstack/images';
import { buildLocalImages } from '../../scripts/docker/local-images';
import { ImageBuildError } from '../../scripts/docker/image-build-error';
import {
  DOCKER_GATE_ENV,
  IMAGES_REQUIRED_ENV,
  LOCAL_IMAGES_ENV,
  LOCAL_IMAGES_GATE_ENV,
  LOCALSTACK_GATE_ENV,
  OK,
  probeDockerGate,
} from './docker-gate';

/** testcontainers' switch for its reaper container (Ryuk), which is pulled from Docker Hub. */
const RYUK_DISABLED_ENV = 'TESTCONTAINERS_RYUK_DISABLED';

/**
 * Whether the pinned LocalStack image is on the engine, pulling it when not: `ok`, or why not.
 * No image is ever tagged with LocalStack's name here; a machine without a registry skips.
 */
async function localstackVerdict(): Promise<string> {
  const client = await getContainerRuntimeClient();
  const image = ImageName.fromString(LOCALSTACK_IMAGE);
  if (await client.image.exists(image)) return OK;
  try {
    await client.image.pull(image);
    return OK;
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
    return `${LOCALSTACK_IMAGE} cannot be pulled here (${why})`;
  }
}

/**
 * Global setup of the containers project, once per run: probe Docker, build (or find in the
 * cache) the local moto and Lambda images, and look for LocalStack's image. The verdicts go to
 * the workers through the environment (see docker-gate.ts); each skip names its reason.
 */
export default async function containersGlobalSetup(): Promise<void> {
  const env = process.env;
  if (env[DOCKER_GATE_ENV] !== undefined) return;
  const docker = await probeDockerGate(env);
  env[DOCKER_GATE_ENV] = docker;
  if (docker !== OK) {
    console.warn(`\ncontainers tests skipped: ${docker}\n`);
    return;
  }
  try {
    env[LOCAL_IMAGES_ENV] = JSON.stringify(await buildLocalImages());
    env[LOCAL_IMAGES_GATE_ENV] = OK;
  } catch (error) {
    if (!(error instanceof ImageBuildError) || env[IMAGES_REQUIRED_ENV] === '1') throw error;
    env[LOCAL_IMAGES_GATE_ENV] = `the local images could not be built: ${error.message}`;
    console.warn(`\nlocal-image tests skipped: ${env[LOCAL_IMAGES_GATE_ENV]}\n`);
  }
  const localstack = await localstackVerdict();
  env[LOCALSTACK_GATE_ENV] = localstack;
  if (localstack !== OK) {
    console.warn(`\nLocalStack tests skipped: ${localstack}\n`);
    // No registry: testcontainers' reaper (Ryuk) cannot be pulled either, and would fail every
    // container start. Without it the tests still stop what they start (their afterAll hooks).
    if (env[RYUK_DISABLED_ENV] === undefined) {
      env[RYUK_DISABLED_ENV] = 'true';
      console.warn(`${RYUK_DISABLED_ENV}=true: no registry for testcontainers' Ryuk image\n`);
    }
  }
}
