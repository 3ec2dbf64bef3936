import { Command, Option } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { isUserFacing } from '../../../handlers/lib/errors/pipeline-error';
import { emulatorAnswers } from '../../emulator/emulator';
import { deployLocally } from '../../local/deployment';
import { checkEmulatorEpoch, lostStateLine, stampEmulatorEpoch } from '../../local/emulator-epoch';
import { emulatorStopped, emulatorStoppedError } from '../../local/emulator-watch';
import type { InvocationRecord } from '../../local/runtime/invocation';
import { LocalRuntime } from '../../local/runtime/runtime';
import { CliError } from '../cli-error';
import {
  requireEmulator,
  resolveTarget,
  targetOptions,
  type TargetOptions,
} from '../target-option';
import { invocationLine } from './invocation-line';

interface RunOptions extends TargetOptions {
  untilIdle?: boolean;
  watch?: boolean;
  retryDelay?: string;
  quiet?: boolean;
}

/**
 * `pipeline run`: the local runtime. Ctrl-C stops polling and lets running invocations finish;
 * a second Ctrl-C ends them at once.
 */
export function runCommand(): Command {
  const command = new Command('run')
    .description(
      'run the handlers locally against the emulator: poll the queues, fire the schedules',
    )
    .addOption(
      new Option(
        '--until-idle',
        'drain: stop when every queue is empty (fires each schedule once when idle)',
      ).conflicts('watch'),
    )
    .addOption(new Option('--watch', 'keep polling and fire schedules on their rate until Ctrl-C'))
    .option(
      '--retry-delay <seconds>',
      "seconds before a failed message is retried (default: the queue's visibility timeout)",
    )
    .option('--quiet', 'print only the summary')
    .addHelpText(
      'after',
      '\nExamples:\n  pipeline run --until-idle\n  pipeline run --watch --retry-delay 5',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (options: RunOptions) => {
    requireEmulator(options, 'run');
    if (!options.untilIdle && !options.watch)
      throw new CliError(
        'say how long to run: --until-idle (drain the queues) or --watch (until Ctrl-C)',
      );
    const retryDelaySeconds =
      options.retryDelay === undefined ? undefined : Number(options.retryDelay);
    if (
      retryDelaySeconds !== undefined &&
      !(
        Number.isInteger(retryDelaySeconds) &&
        retryDelaySeconds >= 0 &&
        retryDelaySeconds <= 43_200
      )
    ) {
      throw new CliError(
        `--retry-delay must be whole seconds from 0 to 43200, not "${options.retryDelay}"`,
      );
    }
    const target = await resolveTarget(options);
    const clients = createAwsClients(target);
    const records: InvocationRecord[] = [];
    const endpoint = target.kind === 'aws' ? '' : target.endpoint;
    const epoch = await checkEmulatorEpoch(clients.s3, endpoint);
    if (epoch.kind === 'lost') console.error(lostStateLine(endpoint, epoch.provisionedAt));
    const deployment = await deployLocally(clients, target, options.env);
    await stampEmulatorEpoch(clients.s3, endpoint);
    const runtime = new LocalRuntime(deployment, clients, {
      retryDelaySeconds,
      log: (line) => console.error(line),
      onInvoke: (r) => {
        records.push(r);
        if (!options.quiet) console.log(invocationLine(r));
      },
    });
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts === 1) {
        console.error('stopping: waiting for running invocations (Ctrl-C again to end them now)');
        void runtime.stop();
      } else {
        process.exit(130);
      }
    };
    process.on('SIGINT', onSigint);
    const watch = new AbortController();
    const restart =
      options.target === 'embedded'
        ? 'pipeline up'
        : `pipeline up --target endpoint --endpoint ${endpoint}`;
    try {
      const work = options.untilIdle
        ? runtime.runUntilIdle()
        : new Promise<void>((resolve) => {
            runtime.start({ timers: true });
            console.error(`watching ${runtime.queues.length} queue(s); Ctrl-C to stop`);
            process.once('SIGINT', () => resolve());
          });
      const stopped = await Promise.race([
        work.then(() => false),
        emulatorStopped(endpoint, watch.signal),
      ]);
      if (stopped) throw emulatorStoppedError(endpoint, restart);
    } catch (err) {
      // A call that failed because the emulator went away says so in one line, not as a bug.
      if (!isUserFacing(err) && !(await emulatorAnswers(endpoint, 10_000)))
        throw emulatorStoppedError(endpoint, restart, err);
      throw err;
    } finally {
      watch.abort();
      await runtime.stop();
      process.off('SIGINT', onSigint);
      clients.destroy();
    }
    const failed = records.filter((r) => r.outcome.kind !== 'ok' || r.failed.length > 0).length;
    console.log(`${records.length} invocation(s), ${failed} with failures`);
  });
}
