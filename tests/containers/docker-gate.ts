/**
 * Whether this run's Docker-only tests can run, and why not. The containers project's global
 * setup decides once (asynchronously: probing the engine, building the local images, pulling
 * LocalStack) and leaves its verdicts in the environment, which jest hands to its workers;
 * test files read them synchronously at load time, where `describe` or `describe.skip` must be
 * chosen.
 */
import { existsSync } from 'node:fs';
import { dockerAnswers } from '../helpers/docker';

/** Set by the global setup: `ok`, or the reason the Docker-only tests skip. */
export const DOCKER_GATE_ENV = 'PIPELINE_CONTAINERS_DOCKER';
/** Set by the global setup: `ok`, or why the LocalStack image is not there. */
export const LOCALSTACK_GATE_ENV = 'PIPELINE_CONTAINERS_LOCALSTACK';
/** Set by the global setup: JSON of the local images built (scripts/docker/build-images.sh). */
export const LOCAL_IMAGES_ENV = 'PIPELINE_CONTAINERS_IMAGES';
/** Set by the global setup: `ok`, or why the local images could not be built. */
export const LOCAL_IMAGES_GATE_ENV = 'PIPELINE_CONTAINERS_IMAGES_BUILT';
/**
 * User input: `1` makes a failed local image build fail the run instead of skipping the tests
 * that need the images (`.ci/run` sets it: there the build must work).
 */
export const IMAGES_REQUIRED_ENV = 'PIPELINE_CONTAINERS_REQUIRED';
/** User input: `skip` leaves the containers project out of a run (e.g. a CI job of its own). */
export const CONTAINERS_OPT_OUT_ENV = 'PIPELINE_CONTAINERS';
export const OK = 'ok';

/** Where the Docker engine was looked for, for the skip message. */
function whereDockerWasLooked(env: NodeJS.ProcessEnv): string {
  if (env.DOCKER_HOST) return `DOCKER_HOST=${env.DOCKER_HOST}`;
  const socket = '/var/run/docker.sock';
  return existsSync(socket) ? `${socket} exists but does not answer` : `no ${socket}`;
}

/**
 * `ok` when a Docker engine answers; otherwise why these tests do not run, in words a person
 * can act on. PIPELINE_CONTAINERS=skip (a run whose containers tests run in a job of their
 * own) also skips them. The AWS backend of the other projects (PIPELINE_TEST_BACKEND) has no
 * say here.
 */
export async function probeDockerGate(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env[CONTAINERS_OPT_OUT_ENV] === 'skip') {
    return `${CONTAINERS_OPT_OUT_ENV}=skip: this run leaves the Docker tests out`;
  }
  if (await dockerAnswers()) return OK;
  return `no Docker engine answers (${whereDockerWasLooked(env)}); start Docker to run them`;
}

/** The recorded verdict of a gate; throws outside the containers project. */
function verdictOf(variable: string): string {
  const verdict = process.env[variable];
  if (verdict === undefined) {
    throw new Error(
      `${variable} is not set: run this file in the containers jest project ` +
        '(npx jest --selectProjects containers), whose global setup probes Docker',
    );
  }
  return verdict;
}

function describeIf(verdict: string, name: string, suite: () => void): void {
  if (verdict === OK) describe(name, suite);
  else describe.skip(`${name} (skipped: ${verdict})`, suite);
}

/**
 * `describe` when Docker answers, else `describe.skip` with the reason in the suite's name.
 * Throws outside the containers project (no verdict), so a misconfigured run fails loudly
 * instead of skipping silently.
 */
export function describeWithDocker(name: string, suite: () => void): void {
  describeIf(verdictOf(DOCKER_GATE_ENV), name, suite);
}

/** Like {@link describeWithDocker}, and the pinned LocalStack image is on the engine. */
export function describeWithLocalstack(name: string, suite: () => void): void {
  const docker = verdictOf(DOCKER_GATE_ENV);
  describeIf(docker === OK ? verdictOf(LOCALSTACK_GATE_ENV) : docker, name, suite);
}

/** Like {@link describeWithDocker}, and the local images (moto, Lambda runtime) were built. */
export function describeWithLocalImages(name: string, suite: () => void): void {
  const docker = verdictOf(DOCKER_GATE_ENV);
  describeIf(docker === OK ? verdictOf(LOCAL_IMAGES_GATE_ENV) : docker, name, suite);
}

/** The local images of this run (the global setup built them); throws when it did not. */
export function localImages(): { moto: string; lambda: string } {
  const raw = process.env[LOCAL_IMAGES_ENV];
  if (!raw) throw new Error(`${LOCAL_IMAGES_ENV} is not set: the global setup built no images`);
  return JSON.parse(raw) as { moto: string; lambda: string };
}
