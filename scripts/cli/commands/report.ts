import { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { isoDateSchema } from '../../../handlers/lib/manifest/manifest-document';
import { configuredSources } from '../../../handlers/lib/contract/contracts';
import { curatedTableRef } from '../../../handlers/lib/names';
import { deploymentNames } from '../../local/deployment';
import { catalogAccess } from '../../ops/catalog/catalog-access';
import { buildReport } from '../../ops/report/build-report';
import { CliError } from '../cli-error';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';

interface ReportOptions extends TargetOptions {
  out?: string;
  json?: boolean;
  from?: string;
  to?: string;
}

function date(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isoDateSchema.safeParse(value).success)
    throw new CliError(`${option} must be a calendar date YYYY-MM-DD, not "${value}"`);
  return value;
}

/**
 * `pipeline report`: one self-contained HTML page (charts inlined, opens offline) of rows,
 * reject and duplicate rates against their thresholds, schema drift and latency per date,
 * built from the transform's metrics documents; `--json` prints the figures for scripts.
 */
export function reportCommand(): Command {
  const command = new Command('report')
    .description('write an HTML report (charts per ingestion date) from the run metrics documents')
    .option('--out <file>', 'where to write the HTML page')
    .option('--json', 'print the per-date figures as JSON (with or without --out)')
    .option('--from <date>', 'first ingestion date to include (YYYY-MM-DD)')
    .option('--to <date>', 'last ingestion date to include (YYYY-MM-DD)')
    .addHelpText(
      'after',
      '\nExamples:\n  pipeline report --out report.html\n  pipeline report --from 2026-11-01 --to 2026-11-20 --out november.html\n  pipeline report --json | jq ".dates[] | {date, rejectRate}"',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (options: ReportOptions) => {
    if (!options.out && !options.json)
      throw new CliError(
        'say where the report goes: --out report.html, or --json to print the figures',
      );
    const from = date('--from', options.from);
    const to = date('--to', options.to);
    if (from && to && from > to) throw new CliError(`--from ${from} is after --to ${to}`);
    const target = await resolveTarget(options);
    const clients = createAwsClients(target);
    try {
      const names = deploymentNames(options.env);
      const sources = configuredSources();
      const report = await buildReport(clients, {
        env: options.env,
        artifactsBucket: names.buckets.artifacts,
        filesTable: names.tables.files,
        from,
        to,
        quarantine: { rawBucket: names.buckets.raw, quarantineBucket: names.buckets.quarantine },
        tables: {
          access: await catalogAccess(clients),
          refs: sources.map((s) => curatedTableRef(names, s)),
        },
      });
      if (options.out) {
        const path = resolve(options.out);
        try {
          await writeFile(path, report.html);
        } catch (err) {
          throw new CliError(`cannot write ${path}: ${(err as Error).message}`, { cause: err });
        }
        const t = report.data.totals;
        console.error(
          `wrote ${path}: ${t.dates} date(s), ${t.runs} run(s), ${t.failedRuns} failed, ${report.charts.length} charts`,
        );
      }
      if (options.json) process.stdout.write(`${JSON.stringify(report.data, null, 2)}\n`);
    } finally {
      clients.destroy();
    }
  });
}
