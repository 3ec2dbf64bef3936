import { Command } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { isoDateSchema } from '../../../handlers/lib/manifest/manifest-document';
import { deploymentNames } from '../../local/deployment';
import { quarantineDeps, ReleaseRefusedError } from '../../ops/quarantine/deps';
import { formatQuarantine, listQuarantined } from '../../ops/quarantine/list';
import { releaseQuarantined } from '../../ops/quarantine/release';
import { CliError } from '../cli-error';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';

interface ListOptions extends TargetOptions {
  date?: string;
  days: string;
  json?: boolean;
}

function checkDate(text: string): string {
  if (!isoDateSchema.safeParse(text).success) {
    throw new CliError(`--date must be a calendar date as YYYY-MM-DD, not "${text}"`);
  }
  return text;
}

/** The dates to list: the one given, or the last `days` UTC dates up to today. */
function datesToList(options: ListOptions, today: Date): string[] {
  if (options.date !== undefined) return [checkDate(options.date)];
  const days = Number(options.days);
  if (!/^\d+$/.test(options.days) || days < 1 || days > 366) {
    throw new CliError(`--days must be a whole number from 1 to 366, not "${options.days}"`);
  }
  return Array.from({ length: days }, (_, i) =>
    new Date(today.getTime() - i * 86_400_000).toISOString().slice(0, 10),
  );
}

const RELEASE_HELP = `
How a release works (the tracking table stays truthful):
  - The quarantined version stays QUARANTINED with its reason: that version was bad.
  - If the producer already uploaded a fixed file under the same key, that new version is the
    re-submission (it was tracked as a new file on arrival); release only records it.
  - Otherwise release copies the quarantine bucket's copy back to the raw bucket under the same
    key: fix the file there first (or release it as is when the validation settings were the
    problem). The copy is a new version, notified by S3 and tracked as a new file.
  - The quarantined item records the release: when, how (copy/producer), which new version;
    pipeline quarantine list shows it. A version is released once.

Example:
  pipeline quarantine release 'raw/source=app/ingestion_date=2026-11-20/part-0001.ndjson'`;

/** `pipeline quarantine list|release`: why files were quarantined, and re-submitting them. */
export function quarantineCommand(): Command {
  const list = new Command('list')
    .description('list quarantined files with why and when, and whether they were released')
    .option('--date <date>', 'one ingestion date (YYYY-MM-DD)')
    .option('--days <n>', 'without --date: the last n UTC dates up to today', '7')
    .option('--json', 'print the entries as a JSON array')
    .addHelpText(
      'after',
      '\nExample:\n  pipeline quarantine list --date 2026-11-20\n  pipeline quarantine list --days 30 --json',
    );
  for (const option of targetOptions()) list.addOption(option);
  list.action(async (options: ListOptions) => {
    const dates = datesToList(options, new Date());
    const clients = createAwsClients(await resolveTarget(options));
    try {
      // Files whose key gave no date belong to no date: listed unless one date was asked for.
      const entries = await listQuarantined(
        quarantineDeps(clients, deploymentNames(options.env)),
        dates,
        { undated: options.date === undefined },
      );
      if (options.json) console.log(JSON.stringify(entries, null, 2));
      else for (const line of formatQuarantine(entries)) console.log(line);
    } finally {
      clients.destroy();
    }
  });

  const release = new Command('release')
    .description('re-submit a quarantined file after it was fixed')
    .argument('<key>', 'the raw object key, as quarantine list shows it')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', RELEASE_HELP);
  for (const option of targetOptions()) release.addOption(option);
  release.action(async (key: string, options: TargetOptions & { json?: boolean }) => {
    const clients = createAwsClients(await resolveTarget(options));
    try {
      const result = await releaseQuarantined(
        quarantineDeps(clients, deploymentNames(options.env)),
        key,
      ).catch((err: unknown) => {
        if (err instanceof ReleaseRefusedError) throw new CliError(err.message);
        throw err;
      });
      console.log(
        options.json
          ? JSON.stringify(result)
          : result.via === 'copy'
            ? `released ${key}: copied back to raw as version ${result.version}; it is processed as a new file`
            : `released ${key}: the producer's upload (version ${result.version}) is the re-submission; recorded`,
      );
    } finally {
      clients.destroy();
    }
  });

  return new Command('quarantine')
    .description('see why files were quarantined and re-submit them after a fix')
    .addCommand(list)
    .addCommand(release)
    .addHelpText(
      'after',
      "\nExample:\n  pipeline quarantine list\n  pipeline quarantine release 'raw/source=app/ingestion_date=2026-11-20/a.ndjson'",
    );
}
