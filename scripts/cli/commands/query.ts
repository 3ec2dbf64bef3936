import { Command, Option } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { AsOfError, parseAsOf, type AsOf } from '../../../handlers/lib/iceberg/table-reader';
import { deploymentNames } from '../../local/deployment';
import { queryCurated } from '../../ops/query/query-curated';
import { formatResult, type QueryFormat } from '../../ops/query/result-format';
import { CliError } from '../cli-error';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';

interface QueryOptions extends TargetOptions {
  json?: boolean;
  csv?: boolean;
  asOf?: string;
}

function asOfOption(value: string | undefined): AsOf | undefined {
  if (value === undefined) return undefined;
  try {
    return parseAsOf(value);
  } catch (err) {
    if (err instanceof AsOfError) throw new CliError(err.message, { cause: err });
    throw err;
  }
}

/**
 * `pipeline query "<SQL>"`: DuckDB over the curated Iceberg tables of the target, read through
 * their catalog (REST beside an emulator, Glue on AWS). One view per source (`app`), and
 * `events` for the `app` source, with `ingestion_date` as a column; `--as-of` reads a past
 * state (a snapshot id from `pipeline history`, or a time).
 */
export function queryCommand(): Command {
  const command = new Command('query')
    .description('run SQL (DuckDB) over the curated tables of the target; the table is `events`')
    .argument('<sql>', 'the SQL, e.g. "SELECT ingestion_date, count(*) FROM events GROUP BY 1"')
    .addOption(new Option('--json', 'print rows as a JSON array of objects').conflicts('csv'))
    .addOption(new Option('--csv', 'print rows as CSV with a header row'))
    .option(
      '--as-of <time|snapshot>',
      'read the tables as they were: an ISO time (UTC unless it says) or a snapshot id',
    )
    .addHelpText(
      'after',
      '\nViews: events (the app source), and one per source named after it (app).' +
        '\nThe data is read from S3 through the Iceberg catalog at query time.' +
        '\n\nExamples:\n  pipeline query "SELECT ingestion_date, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"' +
        '\n  pipeline query --json "SELECT event_type, count(*) FROM events GROUP BY 1"' +
        '\n  pipeline query --as-of 2026-11-20T12:00:00Z "SELECT count(*) FROM events"' +
        '\n  pipeline query --csv "SELECT * FROM events LIMIT 100" > sample.csv',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (sql: string, options: QueryOptions) => {
    if (sql.trim() === '')
      throw new CliError('the SQL is empty; e.g. pipeline query "SELECT count(*) FROM events"');
    const format: QueryFormat = options.json ? 'json' : options.csv ? 'csv' : 'table';
    const asOf = asOfOption(options.asOf);
    const target = await resolveTarget(options);
    const clients = createAwsClients(target);
    try {
      const result = await queryCurated(clients, {
        names: deploymentNames(options.env),
        sql,
        asOf,
      });
      process.stdout.write(formatResult(result, format));
    } finally {
      clients.destroy();
    }
  });
}
