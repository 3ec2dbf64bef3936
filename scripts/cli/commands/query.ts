import { Command, Option } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { STATE_DIR } from '../../emulator/paths';
import { deploymentNames } from '../../local/deployment';
import { curatedCacheRoot } from '../../ops/query/cache-dir';
import { queryCurated } from '../../ops/query/query-curated';
import { formatResult, type QueryFormat } from '../../ops/query/result-format';
import { CliError } from '../cli-error';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';

interface QueryOptions extends TargetOptions {
  json?: boolean;
  csv?: boolean;
  refresh?: boolean;
}

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

/**
 * `pipeline query "<SQL>"`: DuckDB over the curated data of the target. The curated Parquet is
 * mirrored to .pipeline/cache/<env>/ (only new or changed objects are fetched, by ETag), so
 * repeated queries are local; the view `events` is ready, with `ingestion_date` as a column.
 */
export function queryCommand(): Command {
  const command = new Command('query')
    .description('run SQL (DuckDB) over the curated events of the target; the table is `events`')
    .argument('<sql>', 'the SQL, e.g. "SELECT ingestion_date, count(*) FROM events GROUP BY 1"')
    .addOption(new Option('--json', 'print rows as a JSON array of objects').conflicts('csv'))
    .addOption(new Option('--csv', 'print rows as CSV with a header row'))
    .option('--refresh', 'download every curated object again instead of only new or changed ones')
    .addHelpText(
      'after',
      '\nThe curated Parquet is mirrored to .pipeline/cache/<env>/curated/events/ (S3 of the' +
        '\nemulator, or of the AWS account with --target aws) before each query.' +
        '\n\nExamples:\n  pipeline query "SELECT ingestion_date, count(*) AS n FROM events GROUP BY 1 ORDER BY 1"' +
        '\n  pipeline query --json "SELECT event_type, count(*) FROM events GROUP BY 1"' +
        '\n  pipeline query --csv "SELECT * FROM events LIMIT 100" > sample.csv',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (sql: string, options: QueryOptions) => {
    if (sql.trim() === '')
      throw new CliError('the SQL is empty; e.g. pipeline query "SELECT count(*) FROM events"');
    const format: QueryFormat = options.json ? 'json' : options.csv ? 'csv' : 'table';
    const target = await resolveTarget(options);
    const clients = createAwsClients(target);
    try {
      const names = deploymentNames(options.env);
      const { sync, result } = await queryCurated(clients.s3, {
        bucket: names.buckets.curated,
        root: curatedCacheRoot(STATE_DIR, options.env),
        sql,
        refresh: options.refresh,
      });
      console.error(
        `curated cache: ${sync.objects} object(s), ${sync.downloaded} downloaded (${mb(sync.downloadedBytes)}), ${sync.removed} removed`,
      );
      process.stdout.write(formatResult(result, format));
    } finally {
      clients.destroy();
    }
  });
}
