import { Command } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { deployLocally, deploymentNames } from '../../local/deployment';
import { LocalRuntime } from '../../local/runtime/runtime';
import { MAX_BACKFILL_DAYS, datesBetween } from '../../ops/backfill/dates';
import { dateLine, renderPlan } from '../../ops/backfill/render';
import { planBackfill, runBackfill } from '../../ops/backfill/run-backfill';
import { parseDateOption, parseIntOption } from '../../ops/status/options';
import { CliError } from '../cli-error';
import {
  requireEmulator,
  resolveTarget,
  targetOptions,
  type TargetOptions,
} from '../target-option';
import { confirm } from '../confirm';
import { openHandlerLog, type HandlerLog } from '../handler-log';

interface BackfillOptions extends TargetOptions {
  from: string;
  to: string;
  dryRun?: boolean;
  yes?: boolean;
  runLocally?: boolean;
  timeout: string;
  json?: boolean;
}

/**
 * `pipeline backfill`: rebuilds a date range one date at a time through the transform's
 * partition rebuild, waiting for each and stopping at the first failure; resumable. Something
 * must consume the manifest queue: Lambda on AWS, `pipeline run --watch` elsewhere, or this
 * command's `--run-locally`, which runs the local runtime for the duration of the backfill.
 */
export function backfillCommand(): Command {
  const command = new Command('backfill')
    .description(
      'rebuild the curated partitions of a date range, one date at a time; stops at the first failure; run again to resume',
    )
    .requiredOption('--from <date>', 'first date (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last date (YYYY-MM-DD), inclusive')
    .option(
      '--dry-run',
      'list the dates, their tracked files and what would happen; change nothing',
    )
    .option('--yes', 'do not ask for confirmation')
    .option(
      '--run-locally',
      'emulator targets: run the handlers in this process while backfilling (otherwise keep pipeline run --watch running)',
    )
    .option('--timeout <seconds>', 'longest wait for one date before stopping', '900')
    .option('--json', 'print the plan or the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pipeline backfill --from 2026-11-01 --to 2026-11-07 --dry-run\n  pipeline backfill --from 2026-11-01 --to 2026-11-07 --run-locally --yes',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (options: BackfillOptions) => {
    const from = parseDateOption('--from', options.from);
    const to = parseDateOption('--to', options.to);
    if (from > to) throw new CliError(`--from ${from} is after --to ${to}`);
    const days = datesBetween(from, to).length;
    if (days > MAX_BACKFILL_DAYS)
      throw new CliError(`a backfill covers at most ${MAX_BACKFILL_DAYS} dates, not ${days}`);
    const timeoutMs = parseIntOption('--timeout', options.timeout, 1, 86_400) * 1000;
    if (options.runLocally) requireEmulator(options, 'backfill --run-locally');
    const target = await resolveTarget(options);
    const clients = createAwsClients(target);
    const deps = { sqs: clients.sqs, ddb: clients.ddb, names: deploymentNames(options.env) };
    let runtime: LocalRuntime | undefined;
    let handlerLog: HandlerLog | undefined;
    try {
      const { plan, resumesFrom } = await planBackfill(deps, from, to);
      if (options.dryRun) {
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ plan, resumesFrom })}\n`
            : renderPlan(plan, resumesFrom),
        );
        return;
      }
      const rebuilds = plan.filter((p) => p.action === 'rebuild').length;
      if (!options.yes) {
        if (!process.stdin.isTTY)
          throw new CliError(
            `backfill replaces the curated data of ${rebuilds} date(s); pass --yes to confirm (or --dry-run to see the plan)`,
          );
        process.stderr.write(renderPlan(plan, resumesFrom));
        if (!(await confirm(`rebuild ${rebuilds} date(s) of ${options.env}? [y/N] `))) {
          process.stderr.write('nothing done\n');
          return;
        }
      }
      if (options.runLocally) {
        const deployment = await deployLocally(clients, target, options.env);
        // The handlers' own logs would bury the date lines (and break --json) on stdout.
        handlerLog = openHandlerLog('backfill');
        console.error(`handler logs: ${handlerLog.shown}`);
        runtime = new LocalRuntime(deployment, clients, {
          log: (l) => console.error(l),
          handlerOutput: handlerLog.stream,
        });
        runtime.start();
      }
      const report = await runBackfill(deps, {
        from,
        to,
        timeoutMs,
        onStart: (_, resumedFrom) =>
          resumedFrom && console.error(`resuming the backfill started at ${resumedFrom}`),
        onDate: (p, result) => !options.json && console.log(dateLine(p, result)),
      });
      if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else {
        const rebuilt = report.dates.filter((d) => d.result?.status === 'passed').length;
        console.log(`backfill ${from}..${to} done: ${rebuilt} date(s) rebuilt`);
      }
    } finally {
      await runtime?.stop();
      await handlerLog?.close();
      clients.destroy();
    }
  });
}
