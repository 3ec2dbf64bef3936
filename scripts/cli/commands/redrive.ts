import { Command, Option } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { deploymentNames } from '../../local/deployment';
import { MoveTaskUnsupportedError } from '../../ops/redrive/move-task';
import {
  QueueNotFoundError,
  REDRIVE_QUEUES,
  queuePair,
  visibleMessages,
  type RedriveQueue,
} from '../../ops/redrive/queues';
import { REDRIVE_METHODS, redrive, type RedriveMethod } from '../../ops/redrive/redrive';
import { CliError } from '../cli-error';
import { progress } from '../progress';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';
import { confirm } from '../confirm';

interface RedriveOptions extends TargetOptions {
  queue: RedriveQueue;
  yes?: boolean;
  method: RedriveMethod;
  json?: boolean;
  dryRun?: boolean;
}

/**
 * `pipeline redrive`: moves the messages of a queue's DLQ back to the queue after the cause was
 * fixed, after showing the count and asking (or with --yes).
 */
export function redriveCommand(): Command {
  const command = new Command('redrive')
    .description('move the messages of a dead-letter queue back to its queue, after a fix')
    .addOption(
      new Option('--queue <queue>', 'whose DLQ to redrive')
        .choices(REDRIVE_QUEUES)
        .makeOptionMandatory(),
    )
    .option('--yes', 'do not ask for confirmation (needed when stdin is not a terminal)')
    .addOption(
      new Option(
        '--method <method>',
        'SQS move task, receive/send/delete, or the first the target supports',
      )
        .choices(REDRIVE_METHODS)
        .default('auto'),
    )
    .option('--json', 'print the result as JSON')
    .option('--dry-run', 'only say how many messages would move; move none')
    .addHelpText(
      'after',
      "\nMessages are processed again by the queue's function; the handlers are idempotent, so a\n" +
        'message that was already partly handled is safe to redrive.\n\n' +
        'Example:\n  pipeline redrive --queue ingest --dry-run\n  pipeline redrive --queue manifest --yes --json',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (options: RedriveOptions) => {
    const names = deploymentNames(options.env);
    const clients = createAwsClients(await resolveTarget(options));
    try {
      const q = await queuePair(clients.sqs, names, options.queue).catch((err: unknown) => {
        if (err instanceof QueueNotFoundError) {
          throw new CliError(`${err.message}; provision or deploy the ${options.env} stack first`);
        }
        throw err;
      });
      const count = await visibleMessages(clients.sqs, q.dlq.url);
      const say = (result: object, line: string): void =>
        console.log(options.json ? JSON.stringify(result) : line);
      if (count === 0) {
        say(
          { queue: options.queue, dlq: q.dlq.name, moved: 0 },
          `nothing to redrive: ${q.dlq.name} is empty`,
        );
        return;
      }
      if (options.dryRun) {
        say(
          { queue: options.queue, dlq: q.dlq.name, dryRun: true, wouldMove: count, moved: 0 },
          `dry run: ${count} message(s) in ${q.dlq.name} would move back to ${q.source.name}; nothing was moved`,
        );
        return;
      }
      const question = `move ${count} message(s) from ${q.dlq.name} back to ${q.source.name}?`;
      if (!options.yes) {
        if (!process.stdin.isTTY) {
          throw new CliError(
            `${question.replace(/\?$/, '')} needs confirmation: stdin is not a terminal, pass --yes`,
          );
        }
        if (!(await confirm(`${question} [y/N] `)))
          throw new CliError('cancelled: nothing was moved');
      }
      const bar = progress(count, 'redriving');
      const result = await redrive(clients.sqs, q, {
        method: options.method,
        limit: count,
        onMoved: (n) => {
          for (let i = 0; i < n; i++) bar.tick(q.source.name);
        },
      })
        .catch((err: unknown) => {
          if (err instanceof MoveTaskUnsupportedError) {
            throw new CliError(
              'this target has no SQS move tasks; use --method receive-send (or auto)',
            );
          }
          throw err;
        })
        .finally(() => bar.stop());
      say(
        { queue: options.queue, dlq: q.dlq.name, ...result },
        `moved ${result.moved} message(s) from ${q.dlq.name} to ${q.source.name} (${result.method})` +
          (result.failed > 0 ? `; ${result.failed} could not be sent and stay in the DLQ` : ''),
      );
      if (result.failed > 0) process.exitCode = 1;
    } finally {
      clients.destroy();
    }
  });
}
