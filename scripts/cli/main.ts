/** The `pipeline` CLI: one subcommand per operator task. */
import { Command } from 'commander';
import { runMain } from '../lib/run-main';
import { alertsCommand } from './commands/alerts';
import { backfillCommand } from './commands/backfill';
import { compactCommand } from './commands/compact';
import { contractCommand } from './commands/contract';
import { downCommand } from './commands/down';
import { generateCommand } from './commands/generate';
import { historyCommand } from './commands/history';
import { ingestCommand } from './commands/ingest';
import { quarantineCommand } from './commands/quarantine';
import { queryCommand } from './commands/query';
import { redriveCommand } from './commands/redrive';
import { reportCommand } from './commands/report';
import { runCommand } from './commands/run';
import { statusCommand } from './commands/status';
import { upCommand } from './commands/up';

/** The program with every subcommand; exported so tests can parse arguments without a process. */
export function buildProgram(): Command {
  return new Command('pipeline')
    .description('Raw S3 events to curated Parquet: local dev loop and operator tools')
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(upCommand())
    .addCommand(runCommand())
    .addCommand(downCommand())
    .addCommand(statusCommand())
    .addCommand(backfillCommand())
    .addCommand(generateCommand())
    .addCommand(ingestCommand())
    .addCommand(queryCommand())
    .addCommand(reportCommand())
    .addCommand(historyCommand())
    .addCommand(compactCommand())
    .addCommand(contractCommand())
    .addCommand(alertsCommand())
    .addCommand(redriveCommand())
    .addCommand(quarantineCommand());
}

if (require.main === module) {
  runMain(async () => {
    await buildProgram().parseAsync(process.argv);
  });
}
