/** The `pipeline` CLI: one subcommand per operator task. */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../emulator/paths';
import { errorContextOf, type ErrorContext } from '../lib/error-context';
import { runMain } from '../lib/run-main';
import { alertsCommand } from './commands/alerts';
import { backfillCommand } from './commands/backfill';
import { compactCommand } from './commands/compact';
import { contractCommand } from './commands/contract';
import { downCommand } from './commands/down';
import { dqCommand } from './commands/dq';
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

/** The project's version, from package.json (read at start: the bundle has no JSON import). */
const version = (): string =>
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;

/** The program with every subcommand; exported so tests can parse arguments without a process. */
export function buildProgram(): Command {
  return new Command('pipeline')
    .description('Raw S3 events to curated Parquet: local dev loop and operator tools')
    .version(version(), '-V, --version', 'print the version')
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
    .addCommand(dqCommand())
    .addCommand(alertsCommand())
    .addCommand(redriveCommand())
    .addCommand(quarantineCommand());
}

/**
 * Runs the CLI on `argv` as a process does: errors become one line and exit codes (see
 * run-main); the options of the command that runs say which target an AWS error line names.
 */
export function runCli(argv: readonly string[]): void {
  let context: ErrorContext = {};
  const program = buildProgram().hook('preAction', (_program, action) => {
    context = errorContextOf(action.opts());
  });
  runMain(
    async () => {
      await program.parseAsync([...argv]);
    },
    () => context,
  );
}

if (require.main === module) runCli(process.argv);
