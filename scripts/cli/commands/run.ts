import { Command, Option } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { isUserFacing } from '../../../handlers/lib/errors/pipeline-error';
import { emulatorAnswers } from '../../emulator/emulator';
import { EXIT_CODES } from '../../lib/exit-codes';
import { deployLocally } from '../../local/deployment';
import { checkEmulatorEpoch, lostStateLine, stampEmulatorEpoch } from '../../local/emulator-epoch';
import { emulatorStopped, emulatorStoppedError } from '../../local/emulator-watch';
import type { InvocationRecord } from '../../local/runtime/invocation';
import { LocalRuntime } from '../../local/runtime/runtime';
import { outcomeLines } from '../../ops/outcome/outcome-lines';
import { takeOutcomeSnapshot } from '../../ops/outcome/outcome-snapshot';
import { runOutcome } from '../../ops/outcome/run-outcome';
import { CliError } from '../cli-error';
import { openHandlerLog } from '../handler-log';
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
  verbose?: boolean;
  json?: boolean;
}

/**
 * `pipeline run`: the local runtime. Ctrl-C stops polling and lets running invocations finish;
 * a second Ctrl-C ends them at once. The handlers' own logs go to a file (`--verbose`: the
 * terminal); the run ends with what it did (DQ holds, failed manifests, quarantined files,
 * DLQ messages) and exits 0, 3 or 4 by it (scripts/lib/exit-codes.ts).
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
    .option('--verbose', "print the handlers' own logs (JSON, EMF metrics) instead of filing them")
    .option('--json', 'print only the summary, as one JSON document')
    .addHelpText(
      'after',
      '\nExit codes: 0 all curated, 3 some data held by its data-quality gate, 4 failures that\n' +
        'need an operator (failed manifests, DLQ messages), 1 a usage or target error.\n\n' +
        'Examples:\n  pipeline run --until-idle\n  pipeline run --watch --retry-delay 5',
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
    const say = (line: string): void => {
      if (!options.json) console.log(line);
    };
    const endpoint = target.kind === 'aws' ? '' : target.endpoint;
    const epoch = await checkEmulatorEpoch(clients.s3, endpoint);
    if (epoch.kind === 'lost') console.error(lostStateLine(endpoint, epoch.provisionedAt));
    const restart =
      options.target === 'embedded'
        ? 'pipeline up'
        : `pipeline up --target endpoint --endpoint ${endpoint}`;
    const log = options.verbose ? undefined : openHandlerLog('run');
    const watch = new AbortController();
    try {
      const deployment = await deployLocally(clients, target, options.env);
      await stampEmulatorEpoch(clients.s3, endpoint);
      const before = await takeOutcomeSnapshot(clients, deployment.names);
      if (log) console.error(`handler logs: ${log.shown} (--verbose prints them here)`);
      const runtime = new LocalRuntime(deployment, clients, {
        retryDelaySeconds,
        log: (line) => console.error(line),
        ...(log ? { handlerOutput: log.stream } : {}),
        onInvoke: (r) => {
          records.push(r);
          if (!options.quiet) say(invocationLine(r));
        },
      });
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts++;
        if (interrupts === 1) {
          console.error('stopping: waiting for running invocations (Ctrl-C again to end them now)');
          void runtime.stop();
        } else {
          process.exit(EXIT_CODES.interrupted);
        }
      };
      process.on('SIGINT', onSigint);
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
      } finally {
        watch.abort();
        await runtime.stop();
        process.off('SIGINT', onSigint);
      }
      const failed = records.filter((r) => r.outcome.kind !== 'ok' || r.failed.length > 0).length;
      const outcome = runOutcome(before, await takeOutcomeSnapshot(clients, deployment.names), {
        total: records.length,
        failed,
      });
      if (options.json) console.log(JSON.stringify(outcome));
      else for (const line of outcomeLines(outcome)) console.log(line);
      process.exitCode = outcome.exitCode;
    } catch (err) {
      // A call that failed because the emulator went away says so in one line, not as a bug.
      if (!isUserFacing(err) && !(await emulatorAnswers(endpoint, 10_000)))
        throw emulatorStoppedError(endpoint, restart, err);
      throw err;
    } finally {
      await log?.close();
      clients.destroy();
    }
  });
}
