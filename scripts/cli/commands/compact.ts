import { Command } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { configuredSources } from '../../../handlers/lib/contract/contracts';
import { MaintenanceError } from '../../../handlers/maintenance/maintenance-errors';
import { isoDateSchema } from '../../../handlers/lib/manifest/manifest-document';
import { deploymentNames } from '../../local/deployment';
import { compactionLine, runCompact } from '../../ops/compact/run-compact';
import { CliError } from '../cli-error';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';

interface CompactOptions extends TargetOptions {
  date?: string;
  source: string;
}

/**
 * `pipeline compact [--date D] [--source S]`: rewrites a date's small files (one per manifest
 * commit) and its delete files into target-size files with the same rows, one commit per date,
 * recorded in the ledger so `pipeline history` shows it. pyiceberg beside an emulator, Athena's
 * OPTIMIZE on AWS; the scheduled maintenance function does the same every day.
 */
export function compactCommand(): Command {
  const command = new Command('compact')
    .description("rewrite a date's small files of a curated table into target-size files")
    .option('--date <date>', 'the ingestion date (default: every date with small or delete files)')
    .option('--source <source>', 'the source whose table is compacted', 'app')
    .addHelpText(
      'after',
      '\nExamples:\n  pipeline compact --date 2026-11-20\n  pipeline compact --source app',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (options: CompactOptions) => {
    if (options.date !== undefined && !isoDateSchema.safeParse(options.date).success)
      throw new CliError(`--date must be a calendar date YYYY-MM-DD, not "${options.date}"`);
    const sources = configuredSources();
    if (!sources.includes(options.source))
      throw new CliError(`unknown source "${options.source}"; sources: ${sources.join(', ')}`);
    const target = await resolveTarget(options);
    const clients = createAwsClients(target);
    try {
      const done = await runCompact(clients, {
        names: deploymentNames(options.env),
        source: options.source,
        date: options.date,
      }).catch((err: unknown) => {
        // The engine's own message (pyiceberg's or Athena's) is the one line to print.
        if (err instanceof MaintenanceError) throw new CliError(err.message, { cause: err });
        throw err;
      });
      if (done.length === 0) console.error(`nothing to compact in ${options.source}`);
      for (const c of done) console.log(compactionLine(c));
    } finally {
      clients.destroy();
    }
  });
}
