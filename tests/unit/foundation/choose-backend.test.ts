/**
 * The test backend is explicit: the embedded emulator unless the environment names another,
 * whatever the machine runs (a Docker engine that answers changes nothing).
 */
import { BACKEND_ENV } from '../../helpers/backend-env';
import { chooseBackend } from '../../helpers/choose-backend';

describe('chooseBackend', () => {
  it('is the embedded emulator when nothing is named', () => {
    expect(chooseBackend({})).toBe('embedded');
    expect(chooseBackend({ [BACKEND_ENV.forceBackend]: '' })).toBe('embedded');
  });

  it('takes the named backend', () => {
    expect(chooseBackend({ [BACKEND_ENV.forceBackend]: 'localstack' })).toBe('localstack');
    expect(chooseBackend({ [BACKEND_ENV.forceBackend]: 'embedded' })).toBe('embedded');
  });

  it('prefers an explicit endpoint', () => {
    const env = {
      [BACKEND_ENV.explicitEndpoint]: 'http://127.0.0.1:4566',
      [BACKEND_ENV.forceBackend]: 'embedded',
    };
    expect(chooseBackend(env)).toBe('endpoint');
  });

  it('refuses a backend it does not know, naming the ones it does', () => {
    expect(() => chooseBackend({ [BACKEND_ENV.forceBackend]: 'docker' })).toThrow(
      'PIPELINE_TEST_BACKEND=docker is not one of: embedded, localstack',
    );
  });
});
