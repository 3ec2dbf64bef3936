import { Command, Option } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { deploymentNames } from '../../local/deployment';
import { collectStatus } from '../../ops/status/collect';
import { dateWindowOptions, parseIntOption } from '../../ops/status/options';
import { renderStatus } from '../../ops/status/render';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';

interface StatusOptions extends TargetOptions {
  json?: boolean;
  watch?: boolean;
  interval: string;
  days: string;
  from?: string;
  to?: string;
  runs: string;
}

const CLEAR = '\x1b[2J\x1b[H';

/**
 * `pipeline status`: the on-call screen (queues, files and manifests by date, latest runs with
 * DQ verdicts, locks, late data). `--watch` redraws every `--interval` seconds until Ctrl-C.
 */
export function statusCommand(): Command {
  const command = new Command('status')
    .description(
      'one screen for on-call: queue/DLQ depths, files and manifests by status per date, latest runs with DQ verdicts, locks, late-data dates',
    )
    .option('--json', 'print the report as JSON (one document per refresh)')
    .option('--watch', 'refresh until Ctrl-C')
    .option('--interval <seconds>', 'seconds between refreshes with --watch', '2')
    .option('--days <n>', 'the n most recent dates that had files tracked', '14')
    .option('--from <date>', 'first date to show (YYYY-MM-DD), instead of --days')
    .option('--to <date>', 'last date to show (YYYY-MM-DD), instead of --days')
    .option('--runs <n>', 'how many of the latest runs to show', '10')
    .addHelpText(
      'after',
      '\nExamples:\n  pipeline status\n  pipeline status --watch --days 3\n  pipeline status --from 2026-11-01 --to 2026-11-07 --json',
    );
  for (const option of targetOptions()) command.addOption(option);
  command.addOption(new Option('--no-clear', 'with --watch, append instead of redrawing'));
  return command.action(async (options: StatusOptions & { clear: boolean }) => {
    const window = dateWindowOptions(options);
    const intervalSeconds = parseIntOption('--interval', options.interval, 1, 3600);
    const runs = parseIntOption('--runs', options.runs, 0, 1000);
    const target = await resolveTarget(options);
    const clients = createAwsClients(target);
    const deps = { sqs: clients.sqs, ddb: clients.ddb, names: deploymentNames(options.env) };
    const show = async (): Promise<void> => {
      const report = await collectStatus(deps, window, { runs });
      const text = options.json ? `${JSON.stringify(report)}\n` : renderStatus(report);
      const redraw = options.watch && options.clear && !options.json && process.stdout.isTTY;
      process.stdout.write(redraw ? `${CLEAR}${text}` : text);
    };
    try {
      await show();
      if (!options.watch) return;
      let stopped = false;
      let wake: () => void = () => undefined;
      const onSigint = (): void => {
        stopped = true;
        wake();
      };
      process.once('SIGINT', onSigint);
      try {
        while (!stopped) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, intervalSeconds * 1000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          if (!stopped) await show();
        }
      } finally {
        process.off('SIGINT', onSigint);
      }
    } finally {
      clients.destroy();
    }
  });
}
