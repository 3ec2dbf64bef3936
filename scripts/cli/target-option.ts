import { Option } from 'commander';
import { TARGET_KINDS, emulatorTargetAt, type Target } from '../../handlers/lib/aws/target';
import { ENV_VARS, ENVIRONMENTS, type EnvName } from '../../handlers/lib/names';
import { runningDetachedEmulator } from '../emulator/detached';
import { CliError } from './cli-error';

/** Options every command that talks to AWS takes. */
export interface TargetOptions {
  target: (typeof TARGET_KINDS)[number];
  endpoint?: string;
  region?: string;
  /** The Iceberg REST catalog beside an emulator (the curated tables' catalog). */
  catalog?: string;
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
  new Option(
    '--catalog <url>',
    'Iceberg REST catalog beside the emulator (the curated tables; Glue with --target aws)',
  ).env(ENV_VARS.catalogUrl),
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
      return emulatorTargetAt(options.endpoint, 'endpoint', options.region, options.catalog);
    } catch {
      throw new CliError(
        `--endpoint ${options.endpoint} or --catalog ${options.catalog ?? ''} is not an http(s) URL`,
      );
    }
  }
  const running = await runningDetachedEmulator();
  if (!running)
    throw new CliError('the embedded emulator is not running; start it with: pipeline up');
  try {
    return emulatorTargetAt(
      running.endpoint,
      'embedded',
      options.region,
      options.catalog ?? running.catalog?.endpoint,
    );
  } catch {
    throw new CliError(`--catalog ${options.catalog ?? ''} is not an http(s) URL`);
  }
}

/** Commands that create or run things locally refuse real AWS: that is `cdktf deploy`'s job. */
export function requireEmulator(options: TargetOptions, command: string): void {
  if (options.target === 'aws') {
    throw new CliError(
      `pipeline ${command} runs against emulators only; deploy to AWS with: npx cdktf-cli@0.21.0 deploy ${options.env}`,
    );
  }
}
