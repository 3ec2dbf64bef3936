import { Command } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import {
  lostDetachedEmulator,
  runningDetachedEmulator,
  startDetachedEmulator,
  stopDetachedEmulator,
} from '../../emulator/detached';
import { deployLocally } from '../../local/deployment';
import {
  checkEmulatorEpoch,
  goneEmulatorLine,
  lostStateLine,
  stampEmulatorEpoch,
} from '../../local/emulator-epoch';
import { APPLIERS } from '../../local/provisioner/provision';
import { loadStackJson, stackJsonPath, stackResources } from '../../local/stack/stack-json';
import { ensureSynth } from '../../local/stack/synth';
import { progress } from '../progress';
import {
  requireEmulator,
  resolveTarget,
  targetOptions,
  type TargetOptions,
} from '../target-option';
import { provisionSummary } from './provision-summary';

/** `pipeline up`: emulator (embedded target), synth if stale, provision. */
export function upCommand(): Command {
  const command = new Command('up')
    .description(
      'start the embedded emulator if needed, synthesize the stacks if stale, and provision the stack on the emulator',
    )
    .option(
      '--skip-provision',
      'only start the emulator (e.g. resources were created by cdktf deploy)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  pipeline up\n  pipeline up --target endpoint --endpoint http://localhost:4566',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (options: TargetOptions & { skipProvision?: boolean }) => {
    requireEmulator(options, 'up');
    if (options.target === 'embedded' && !(await runningDetachedEmulator())) {
      const lost = await lostDetachedEmulator();
      if (lost) {
        console.log(goneEmulatorLine(lost.pid, lost.endpoint));
        await stopDetachedEmulator(); // its catalog, if that outlived it
      }
      const started = await startDetachedEmulator(undefined, (line) => console.error(line));
      const catalog = started.catalog ? `, Iceberg catalog at ${started.catalog.endpoint}` : '';
      console.log(
        `started the embedded emulator at ${started.endpoint} (pid ${started.pid})${catalog}`,
      );
    }
    const target = await resolveTarget(options);
    if (options.skipProvision) return;
    if (await ensureSynth((line) => console.error(line))) console.log('synthesized the stacks');
    const stack = await loadStackJson(stackJsonPath(options.env));
    const bar = progress(
      stackResources(stack).filter((r) => APPLIERS.has(r.type)).length,
      'provisioning',
    );
    const clients = createAwsClients(target);
    try {
      const endpoint = target.kind === 'aws' ? '' : target.endpoint;
      const epoch = await checkEmulatorEpoch(clients.s3, endpoint);
      if (epoch.kind === 'lost') console.log(lostStateLine(endpoint, epoch.provisionedAt));
      const deployment = await deployLocally(clients, target, options.env, {
        synth: false,
        onApplied: (address, outcome) => bar.tick(`${address.split('.')[0]} ${outcome}`),
      });
      bar.stop();
      await stampEmulatorEpoch(clients.s3, endpoint);
      for (const line of provisionSummary(deployment.report)) console.log(line);
      console.log(`ready: ${options.env} stack on ${endpoint}; next: pipeline run --until-idle`);
    } finally {
      bar.stop();
      clients.destroy();
    }
  });
}
