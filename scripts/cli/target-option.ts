import { ENV_VARS } from '../../handlers/lib/names';
import { Option } from 'commander';
import { TARGET_KINDS, emulatorTargetAt, type Target } from '../../handlers/lib/aws/target';
import { ENVIRONMENTS, type EnvName } from '../../handlers/lib/names';
import { runningDetachedEmulator } from '../emulator/detached';
import { CliError } from './cli-error';

/** Options every command that talks to AWS takes. */
export interface TargetOptions {
  target: (typeof TARGET_KINDS)[number];
  endpoint?: string;
  region?: string;
  env: EnvName;
}

/** `--target`, `--endpoint`, `--region`, `--env`, shared by the commands. */
export const targetOptions = (): Option[] => [
  new Option(
    '--target <kind>',
    'where the AWS API is: the embedded emulator, an emulator URL, or real AWS',
  )
    .choices(TARGET_KINDS)
    .default('embedded'),
  new Option(
    '--endpoint <url>',
    'emulator URL for --target endpoint (LocalStack: http://localhost:4566)',
  ).env('PIPELINE_ENDPOINT_URL'),
  new Option('--region <region>', 'AWS region').env('AWS_REGION'),
  new Option('--env <env>', 'which deployment').choices(ENVIRONMENTS).default('dev'),
];

/**
 * The target a command runs against. The embedded target is the emulator `pipeline up` left
 * running; a missing one is a user error that says to run `pipeline up`.
 */
export async function resolveTarget(options: TargetOptions): Promise<Target> {
  if (options.target === 'aws') return { kind: 'aws', region: options.region };
  if (options.target === 'endpoint') {
    if (!options.endpoint)
      throw new CliError(
        '--target endpoint needs --endpoint <url> (or PIPELINE_ENDPOINT_URL), e.g. http://localhost:4566',
      );
    try {
      // Its Iceberg catalog, when one runs beside it (docker-compose): ICEBERG_CATALOG_URL.
      const catalog = process.env[ENV_VARS.catalogUrl];
      return emulatorTargetAt(options.endpoint, 'endpoint', options.region, catalog);
    } catch {
      throw new CliError(`--endpoint ${options.endpoint} is not an http(s) URL`);
    }
  }
  const running = await runningDetachedEmulator();
  if (!running)
    throw new CliError('the embedded emulator is not running; start it with: pipeline up');
  return emulatorTargetAt(running.endpoint, 'embedded', options.region, running.catalogEndpoint);
}

/** Commands that create or run things locally refuse real AWS: that is `cdktf deploy`'s job. */
export function requireEmulator(options: TargetOptions, command: string): void {
  if (options.target === 'aws') {
    throw new CliError(
      `pipeline ${command} runs against emulators only; deploy to AWS with: npx cdktf-cli@0.21.0 deploy ${options.env}`,
    );
  }
}
