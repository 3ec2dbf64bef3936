import { startEmulator } from '../../scripts/emulator/emulator';
import { ensureSynth } from '../../scripts/local/stack/synth';
import { BACKEND_ENV } from './backend-env';
import { chooseBackend } from './choose-backend';
import { startLocalstack } from './localstack-container';
import { scaled } from './time-scale';

interface Stoppable {
  stop(): Promise<unknown>;
}
declare global {
  // Read by global-teardown.ts; jest shares globalThis between the two hooks only.
  var pipelineTestBackends: Stoppable[] | undefined;
}

/**
 * Starts the AWS backend for the integration and e2e projects once per run: one embedded
 * emulator per jest worker (each on its own kernel-chosen port; each test file resets its
 * worker's emulator), or one LocalStack container per worker (PIPELINE_TEST_BACKEND=localstack,
 * reset the same way), or nothing for an explicit endpoint.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  if (process.env[BACKEND_ENV.kind]) return; // the other emulator project already set it up
  // Once per run, before workers start: test files provision the synthesized dev stack.
  await ensureSynth((line) => process.stderr.write(`${line}\n`));
  const kind = chooseBackend();
  let endpoints: string[];
  const started: Stoppable[] = [];
  if (kind === 'endpoint') {
    endpoints = [process.env[BACKEND_ENV.explicitEndpoint]!];
  } else if (kind === 'localstack') {
    // One LocalStack per jest worker, reset by each test file (test-backend.ts): the files of
    // two workers never share an account, and names fixed by the dev stack never collide.
    const workers = Math.max(1, globalConfig.maxWorkers);
    const containers = await Promise.all(Array.from({ length: workers }, () => startLocalstack()));
    started.push(...containers);
    endpoints = containers.map((c) => c.getConnectionUri());
  } else {
    const workers = Math.max(1, globalConfig.maxWorkers);
    // Start-up is bounded like every other wait of the run: 30 s on an idle machine, scaled.
    const timeoutMs = process.env.PIPELINE_EMULATOR_TIMEOUT_MS ? undefined : scaled(30_000);
    const emulators = await Promise.all(
      Array.from({ length: workers }, () => startEmulator({ timeoutMs })),
    );
    started.push(...emulators);
    // `<emulator>|<catalog>`: each worker's emulator and the Iceberg catalog beside it.
    endpoints = emulators.map((e) => `${e.endpoint}|${e.catalogEndpoint}`);
  }
  globalThis.pipelineTestBackends = started;
  process.env[BACKEND_ENV.kind] = kind;
  process.env[BACKEND_ENV.endpoints] = endpoints.join(',');
  process.stderr.write(`\ntest backend: ${kind} at ${endpoints.join(', ')}\n`);
}
