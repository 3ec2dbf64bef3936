/**
 * Whether this run's Docker-only tests can run, and why not. The containers project's global
 * setup probes once (asynchronously, the way testcontainers connects) and leaves the verdict
 * in the environment, which jest hands to its workers; test files read it synchronously at
 * load time, where `describe` or `describe.skip` must be chosen.
 */
import { existsSync } from 'node:fs';
import { BACKEND_ENV } from '../helpers/backend-env';
import { dockerAnswers } from '../helpers/docker';

/** Set by the global setup: `ok`, or the reason the Docker-only tests skip. */
export const DOCKER_GATE_ENV = 'PIPELINE_CONTAINERS_DOCKER';
const OK = 'ok';

/** Where the Docker engine was looked for, for the skip message. */
function whereDockerWasLooked(env: NodeJS.ProcessEnv): string {
  if (env.DOCKER_HOST) return `DOCKER_HOST=${env.DOCKER_HOST}`;
  const socket = '/var/run/docker.sock';
  return existsSync(socket) ? `${socket} exists but does not answer` : `no ${socket}`;
}

/**
 * `ok` when a Docker engine answers; otherwise why these tests do not run, in words a person
 * can act on. PIPELINE_TEST_BACKEND=embedded (an embedded-only run, e.g. CI's main job, whose
 * containers job runs them) also skips them.
 */
export async function probeDockerGate(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env[BACKEND_ENV.forceBackend] === 'embedded') {
    return `${BACKEND_ENV.forceBackend}=embedded: this run uses the embedded emulator only`;
  }
  if (await dockerAnswers()) return OK;
  return `no Docker engine answers (${whereDockerWasLooked(env)}); start Docker to run them`;
}

/**
 * `describe` when Docker answers, else `describe.skip` with the reason in the suite's name.
 * Throws outside the containers project (no verdict), so a misconfigured run fails loudly
 * instead of skipping silently.
 */
export function describeWithDocker(name: string, suite: () => void): void {
  const verdict = process.env[DOCKER_GATE_ENV];
  if (verdict === undefined) {
    throw new Error(
      `${DOCKER_GATE_ENV} is not set: run this file in the containers jest project ` +
        '(npx jest --selectProjects containers), whose global setup probes Docker',
    );
  }
  if (verdict === OK) describe(name, suite);
  else describe.skip(`${name} (skipped: ${verdict})`, suite);
}

/** Records the verdict for the workers and prints the reason once when the tests skip. */
export async function recordDockerGate(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env[DOCKER_GATE_ENV] !== undefined) return;
  const verdict = await probeDockerGate(env);
  env[DOCKER_GATE_ENV] = verdict;
  if (verdict !== OK) console.warn(`\ncontainers tests skipped: ${verdict}\n`);
}
