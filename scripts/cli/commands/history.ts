import { Command } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { isoDateSchema } from '../../../handlers/lib/manifest/manifest-document';
import { deploymentNames } from '../../local/deployment';
import { dateHistory, formatHistory } from '../../ops/history/date-history';
import { CliError } from '../cli-error';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';

interface HistoryOptions extends TargetOptions {
  source?: string;
  json?: boolean;
}

/**
 * `pipeline history <date>`: every commit to the date (manifest merges, rebuilds,
 * compactions) from the commit ledger, with the snapshot each made, so an operator can answer
 * "which run brought these rows" and pick a snapshot id for `pipeline query --as-of`.
 */
export function historyCommand(): Command {
  const command = new Command('history')
    .description('list the commits to an ingestion date: time, kind, run id, rows, snapshot')
    .argument('<date>', 'the ingestion date, YYYY-MM-DD')
    .option('--source <source>', 'one source only (default: every source)')
    .option('--json', 'print the commits as a JSON array')
    .addHelpText(
      'after',
      '\nExamples:\n  pipeline history 2026-11-20\n  pipeline history 2026-11-20 --source app --json' +
        '\n  pipeline query --as-of <snapshot> "SELECT count(*) FROM events"',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (date: string, options: HistoryOptions) => {
    if (!isoDateSchema.safeParse(date).success)
      throw new CliError(`the date must be a calendar date YYYY-MM-DD, not "${date}"`);
    const target = await resolveTarget(options);
    const clients = createAwsClients(target);
    try {
      const entries = await dateHistory(
        clients,
        deploymentNames(options.env),
        date,
        options.source,
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      } else if (entries.length === 0) {
        console.error(
          `no commits recorded for ${date}${options.source ? ` (${options.source})` : ''}`,
        );
      } else {
        process.stdout.write(formatHistory(entries));
      }
    } finally {
      clients.destroy();
    }
  });
}
