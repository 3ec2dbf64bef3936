/**
 * The containers project's gate: an embedded-only run skips the Docker tests with a reason, a
 * verdict already recorded is kept, and a file run outside the project fails instead of
 * skipping silently.
 */
import {
  describeWithDocker,
  DOCKER_GATE_ENV,
  probeDockerGate,
  recordDockerGate,
} from '../../containers/docker-gate';
import { BACKEND_ENV } from '../../helpers/backend-env';

describe('docker gate', () => {
  it('skips, saying why, when the run is pinned to the embedded emulator', async () => {
    await expect(probeDockerGate({ [BACKEND_ENV.forceBackend]: 'embedded' })).resolves.toBe(
      `${BACKEND_ENV.forceBackend}=embedded: this run uses the embedded emulator only`,
    );
  });

  it('keeps a verdict already recorded (one probe per run)', async () => {
    const env: NodeJS.ProcessEnv = {
      [DOCKER_GATE_ENV]: 'ok',
      [BACKEND_ENV.forceBackend]: 'embedded',
    };
    await recordDockerGate(env);
    expect(env[DOCKER_GATE_ENV]).toBe('ok');
  });

  it('records the reason for the workers', async () => {
    const env: NodeJS.ProcessEnv = { [BACKEND_ENV.forceBackend]: 'embedded' };
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await recordDockerGate(env);
    expect(env[DOCKER_GATE_ENV]).toContain('embedded emulator only');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('containers tests skipped'));
    warn.mockRestore();
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
