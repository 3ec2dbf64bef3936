import type { FunctionKey, ResourceNames } from '../../handlers/lib/names';
import { deployLocally, type LocalDeployment } from '../../scripts/local/deployment';
import { useTestBackend, type TestBackend } from './test-backend';

/** A test file's view of the provisioned dev stack. */
export interface PipelineFixture {
  readonly backend: TestBackend;
  readonly names: ResourceNames;
  /** Each function's environment exactly as its Lambda sees it (queue URLs, topic ARN, target vars). */
  readonly functionEnv: Readonly<Record<FunctionKey, Record<string, string>>>;
  readonly deployment: LocalDeployment;
}

/**
 * Registers hooks that give a test file the dev stack provisioned on its emulator (reset
 * first, so every file starts from empty buckets, queues and tables). The stacks are
 * synthesized once per run by the global setup.
 */
export function usePipeline(): () => PipelineFixture {
  const backend = useTestBackend();
  let fixture: PipelineFixture | undefined;
  beforeAll(async () => {
    const b = backend();
    const deployment = await deployLocally(b.clients, b.target, 'dev', { synth: false });
    fixture = {
      backend: b,
      names: deployment.names,
      functionEnv: deployment.functionEnv,
      deployment,
    };
  });
  return () => {
    if (!fixture) throw new Error('the pipeline fixture is available inside tests and hooks only');
    return fixture;
  };
}
