import { randomBytes } from 'node:crypto';
import { createAwsClients, type AwsClients } from '../../handlers/lib/aws/clients';
import { emulatorTargetAt, type EmulatorTarget } from '../../handlers/lib/aws/target';
import { dropAllTables } from '../../handlers/lib/iceberg/rest-catalog';
import { resetEmulator } from '../../scripts/emulator/emulator';
import { BACKEND_ENV, BACKEND_KINDS, type BackendKind } from './backend-env';
import { resetLocalstack } from './localstack-container';

/** What a test file talks to: the target, and clients built by the one client factory. */
export interface TestBackend {
  readonly kind: BackendKind;
  readonly target: EmulatorTarget;
  readonly clients: AwsClients;
}

function workerEndpoint(): { kind: BackendKind; endpoint: string; catalog?: string } {
  const kind = process.env[BACKEND_ENV.kind] as BackendKind | undefined;
  const endpoints = (process.env[BACKEND_ENV.endpoints] ?? '').split(',').filter(Boolean);
  if (!kind || !BACKEND_KINDS.includes(kind) || endpoints.length === 0) {
    throw new Error(
      'no test backend: run this file in the integration or e2e jest project, whose globalSetup starts it',
    );
  }
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const [endpoint, catalog] = endpoints[(worker - 1) % endpoints.length]!.split('|');
  return { kind, endpoint: endpoint!, catalog };
}

/**
 * Registers hooks that give this test file its backend: the embedded emulator of its jest
 * worker, or its worker's LocalStack, reset to a clean account before the file's first test; or
 * an explicit endpoint (not reset: tests there use {@link uniqueName} and clean up after
 * themselves). Call at the top level of a test file; call the returned function inside tests.
 */
export function useTestBackend(): () => TestBackend {
  let backend: TestBackend | undefined;
  beforeAll(async () => {
    const { kind, endpoint, catalog } = workerEndpoint();
    if (kind === 'embedded') {
      if (catalog) await dropAllTables(catalog);
      await resetEmulator(endpoint);
    } else if (kind === 'localstack') {
      await resetLocalstack(endpoint);
    }
    const target = emulatorTargetAt(
      endpoint,
      kind === 'embedded' ? 'embedded' : 'endpoint',
      undefined,
      catalog,
    );
    backend = { kind, target, clients: createAwsClients(target) };
  });
  afterAll(() => backend?.clients.destroy());
  return () => {
    if (!backend) throw new Error('the test backend is available inside tests and hooks only');
    return backend;
  };
}

/** A name no other test (or earlier run against a shared backend) uses: lowercase, dashes. */
export function uniqueName(role: string): string {
  return `t-${role}-${process.env.JEST_WORKER_ID ?? '1'}-${randomBytes(4).toString('hex')}`;
}
