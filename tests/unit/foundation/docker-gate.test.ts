/**
 * The containers project's gate: an opted-out run skips the Docker tests with a reason, the AWS
 * backend of the other projects has no say, and a file run outside the project fails instead of
 * skipping silently.
 */
import {
  CONTAINERS_OPT_OUT_ENV,
  describeWithDocker,
  DOCKER_GATE_ENV,
  probeDockerGate,
} from '../../containers/docker-gate';

describe('docker gate', () => {
  it('skips, saying why, when the run leaves the containers tests out', async () => {
    await expect(probeDockerGate({ [CONTAINERS_OPT_OUT_ENV]: 'skip' })).resolves.toBe(
      `${CONTAINERS_OPT_OUT_ENV}=skip: this run leaves the Docker tests out`,
    );
  });

  it('refuses to decide outside the containers project', () => {
    const saved = process.env[DOCKER_GATE_ENV];
    delete process.env[DOCKER_GATE_ENV];
    try {
      expect(() => describeWithDocker('anything', () => undefined)).toThrow(
        /run this file in the containers jest project/,
      );
    } finally {
      if (saved !== undefined) process.env[DOCKER_GATE_ENV] = saved;
    }
  });
});
