import { userInfo } from 'node:os';
import { Command } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { deployLocally, deploymentNames } from '../../local/deployment';
import { LocalRuntime } from '../../local/runtime/runtime';
import { waitForRebuild } from '../../ops/backfill/wait';
import { acceptRule } from '../../ops/dq/accept';
import { acceptanceLine, rebuildLine } from '../../ops/dq/render';
import { parseDateOption, parseIntOption } from '../../ops/status/options';
import { openHandlerLog, type HandlerLog } from '../handler-log';
import {
  requireEmulator,
  resolveTarget,
  targetOptions,
  type TargetOptions,
} from '../target-option';

interface AcceptOptions extends TargetOptions {
  rule: string;
  reason: string;
  source?: string;
  by?: string;
  runLocally?: boolean;
  timeout: string;
  json?: boolean;
}

/**
 * `pipeline dq accept`: an operator publishes a date a hard rule holds. The acceptance (who,
 * why, when) is recorded beside the date's runs and the date is rebuilt; the rebuild's gate
 * counts the rule as a warning, and status and the report show who accepted it and why.
 */
export function dqCommand(): Command {
  const dq = new Command('dq').description('data-quality decisions of operators');
  const accept = dq
    .command('accept')
    .description(
      'publish a date held by a hard rule: record who accepts the rule for the date and why, then rebuild the date',
    )
    .argument('<date>', 'the held ingestion date (YYYY-MM-DD)')
    .requiredOption('--rule <id>', 'the hard rule to accept for that date (its contract id)')
    .requiredOption('--reason <text>', 'why the date may be published anyway (kept with the date)')
    .option('--source <name>', 'the source whose rule it is (needed when several have the rule)')
    .option('--by <name>', 'who accepts (default: the OS user)')
    .option(
      '--run-locally',
      'emulator targets: run the handlers in this process until the rebuild is done (otherwise keep pipeline run --watch running)',
    )
    .option('--timeout <seconds>', 'with --run-locally: longest wait for the rebuild', '900')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  pipeline dq accept 2026-11-21 --rule currency_known --source orders --reason "GBP test orders, agreed with finance"',
    );
  for (const option of targetOptions()) accept.addOption(option);
  accept.action(async (dateArg: string, options: AcceptOptions) => {
    const date = parseDateOption('<date>', dateArg);
    const timeoutMs = parseIntOption('--timeout', options.timeout, 1, 86_400) * 1000;
    if (options.runLocally) requireEmulator(options, 'dq accept --run-locally');
    const target = await resolveTarget(options);
    const clients = createAwsClients(target);
    const names = deploymentNames(options.env);
    let runtime: LocalRuntime | undefined;
    let handlerLog: HandlerLog | undefined;
    try {
      if (options.runLocally) {
        const deployment = await deployLocally(clients, target, options.env);
        handlerLog = openHandlerLog('dq-accept');
        console.error(`handler logs: ${handlerLog.shown}`);
        runtime = new LocalRuntime(deployment, clients, {
          log: (l) => console.error(l),
          handlerOutput: handlerLog.stream,
        });
        runtime.start();
      }
      const result = await acceptRule(
        { sqs: clients.sqs, ddb: clients.ddb, names },
        {
          date,
          rule: options.rule,
          reason: options.reason,
          by: options.by ?? userInfo().username,
          ...(options.source ? { source: options.source } : {}),
        },
      );
      const rebuild = runtime
        ? await waitForRebuild(clients.ddb, names.tables.metrics, date, result.requestedAt, {
            timeoutMs,
            pollMs: 500,
          })
        : undefined;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...result, rebuild })}\n`);
      } else {
        console.log(acceptanceLine(result));
        console.log(rebuildLine(result, rebuild));
      }
      if (rebuild && rebuild.status !== 'passed' && rebuild.status !== 'superseded') {
        process.exitCode = 1;
      }
    } finally {
      await runtime?.stop();
      await handlerLog?.close();
      clients.destroy();
    }
  });
  return dq;
}
