import { App } from 'cdktf';
import { ENVIRONMENTS } from '../handlers/lib/names';
import { runMain } from '../scripts/lib/run-main';
import { envConfig } from './config/env-configs';
import { stackOverridesFromEnv } from './config/stack-overrides';
import { PipelineStack } from './pipeline-stack';

/**
 * The CDKTF app: one PipelineStack per environment, each from its validated config plus the
 * validated environment overrides; writes cdktf.out/stacks/<env>/cdk.tf.json.
 */
function main(): Promise<void> {
  // Inside a promise, so a config error reaches runMain as a rejection (one-line message).
  return Promise.resolve().then(synthAll);
}

function synthAll(): void {
  const overrides = stackOverridesFromEnv();
  // Output directory: cdktf.out, or what cdktf-cli sets in CDKTF_OUTDIR.
  const app = new App();
  for (const env of ENVIRONMENTS) {
    new PipelineStack(app, env, {
      config: envConfig(env, overrides),
      localEndpoint: overrides.localEndpoint,
    });
  }
  app.synth();
}

runMain(main);
