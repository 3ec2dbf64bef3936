/**
 * Local mode must never call real AWS: every service the provider calls for the local stack needs
 * an endpoint on the emulator. Without `kms`, each encrypted table sent the fake keys to the real
 * KMS endpoint on create and refresh (issue 17: 36 calls in one plan).
 */
import { ENVIRONMENTS } from '../../handlers/lib/names';
import { LOCALSTACK_SERVICES } from '../../localstack/images';
import { servicesCalledBy } from './support/endpoint-services';
import { list, record, synth } from './support/synth-stack';

const endpoint = 'http://localhost:4566';

describe.each(ENVIRONMENTS)('%s stack in local mode', (env) => {
  const stack = synth(env, { localEndpoint: endpoint });
  const called = servicesCalledBy(stack.json);

  it('has an emulator endpoint for every service the provider calls for it', () => {
    const provider = record(list(record(stack.json.provider).aws)[0]);
    const endpoints = record(list(provider.endpoints)[0]);
    const missing = [...called]
      .filter(([service]) => endpoints[service] !== endpoint)
      .map(([service, callers]) => `${service}: ${callers.join('; ')}`);
    expect(missing).toEqual([]);
    // The implied calls: the account id data source (STS), the encrypted tables (KMS).
    expect([...called.keys()]).toEqual(expect.arrayContaining(['sts', 'kms']));
  });

  it('calls only services the LocalStack community image loads', () => {
    const loaded: readonly string[] = LOCALSTACK_SERVICES;
    expect([...called.keys()].filter((s) => !loaded.includes(s))).toEqual([]);
  });
});

describe.each(ENVIRONMENTS)('%s stack on AWS', (env) => {
  it('has only resource types whose endpoint service is known', () => {
    expect(() => servicesCalledBy(synth(env).json)).not.toThrow();
  });
});
