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

interface UpOptions extends TargetOptions {
  skipProvision?: boolean;
  json?: boolean;
}

/** What `pipeline up --json` prints. */
interface UpDocument {
  env: string;
  endpoint: string;
  catalog?: string;
  /** The embedded emulator this call started; null when one was running or none is embedded. */
  started: { pid: number; endpoint: string } | null;
  synthesized: boolean;
  /** What this call found: an emulator that died, or one that lost its state. */
  notices: string[];
  provisioned?: {
    created: number;
    updated: number;
    unchanged: number;
    notProvisioned: ReadonlyArray<{ type: string; count: number; reason: string }>;
    unsupported: ReadonlyArray<{ type: string; count: number }>;
  };
}

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
    .option('--json', 'print what was started and provisioned as one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  pipeline up\n  pipeline up --target endpoint --endpoint http://localhost:4566',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (options: UpOptions) => {
    requireEmulator(options, 'up');
    const say = (line: string): void => {
      if (!options.json) console.log(line);
    };
    const doc: UpDocument = {
      env: options.env,
      endpoint: '',
      started: null,
      synthesized: false,
      notices: [],
    };
    const done = (): void => {
      if (options.json) console.log(JSON.stringify(doc));
    };
    if (options.target === 'embedded' && !(await runningDetachedEmulator())) {
      const lost = await lostDetachedEmulator();
      if (lost) {
        doc.notices.push(goneEmulatorLine(lost.pid, lost.endpoint));
        say(doc.notices.at(-1) ?? '');
        await stopDetachedEmulator(); // its catalog, if that outlived it
      }
      const started = await startDetachedEmulator(undefined, (line) => console.error(line));
      const catalog = started.catalog ? `, Iceberg catalog at ${started.catalog.endpoint}` : '';
      doc.started = { pid: started.pid, endpoint: started.endpoint };
      say(`started the embedded emulator at ${started.endpoint} (pid ${started.pid})${catalog}`);
    }
    const target = await resolveTarget(options);
    if (target.kind !== 'aws') {
      doc.endpoint = target.endpoint;
      if (target.catalogEndpoint) doc.catalog = target.catalogEndpoint;
    }
    if (options.skipProvision) return done();
    doc.synthesized = await ensureSynth((line) => console.error(line));
    if (doc.synthesized) say('synthesized the stacks');
    const stack = await loadStackJson(stackJsonPath(options.env));
    const bar = progress(
      stackResources(stack).filter((r) => APPLIERS.has(r.type)).length,
      'provisioning',
    );
    const clients = createAwsClients(target);
    try {
      const endpoint = target.kind === 'aws' ? '' : target.endpoint;
      const epoch = await checkEmulatorEpoch(clients.s3, endpoint);
      if (epoch.kind === 'lost') {
        doc.notices.push(lostStateLine(endpoint, epoch.provisionedAt));
        say(doc.notices.at(-1) ?? '');
      }
      const deployment = await deployLocally(clients, target, options.env, {
        synth: false,
        onApplied: (address, outcome) => bar.tick(`${address.split('.')[0]} ${outcome}`),
      });
      bar.stop();
      await stampEmulatorEpoch(clients.s3, endpoint);
      for (const line of provisionSummary(deployment.report)) say(line);
      say(`ready: ${options.env} stack on ${doc.endpoint}; next: pipeline run --until-idle`);
      const { applied, notProvisioned, unsupported } = deployment.report;
      doc.provisioned = {
        created: applied.filter((a) => a.outcome === 'created').length,
        updated: applied.filter((a) => a.outcome === 'updated').length,
        unchanged: applied.filter((a) => a.outcome === 'unchanged').length,
        notProvisioned,
        unsupported,
      };
      done();
    } finally {
      bar.stop();
      clients.destroy();
    }
  });
}
