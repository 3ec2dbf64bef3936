import { Command, Option } from 'commander';
import { createAwsClients } from '../../../handlers/lib/aws/clients';
import { alertsInboxQueueName } from '../../../handlers/lib/names';
import { deploymentNames } from '../../local/deployment';
import { formatAlerts } from '../../ops/alerts/format-alerts';
import { AlertsInboxMissingError, inboxUrl, peekInbox } from '../../ops/alerts/inbox-alerts';
import { CliError } from '../cli-error';
import { resolveTarget, targetOptions, type TargetOptions } from '../target-option';

interface AlertsOptions extends TargetOptions {
  limit: string;
  json?: boolean;
}

/** Parses `--limit`: a whole number from 1 to 1000. */
function parseLimit(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 1000) {
    throw new CliError(`--limit must be a whole number from 1 to 1000, not "${text}"`);
  }
  return n;
}

/**
 * `pipeline alerts`: the newest alerts of an emulator target, from the inbox queue the local
 * provisioner subscribes to the alerts topic. Reading does not consume them.
 */
export function alertsCommand(): Command {
  const command = new Command('alerts')
    .description(
      'show recent alerts (DQ failures, missing data, DLQ messages) of an emulator target, newest first',
    )
    .addOption(new Option('--limit <n>', 'how many alerts to show').default('20'))
    .option('--json', 'print the alerts as a JSON array (the SNS message bodies)')
    .addHelpText(
      'after',
      '\nAlerts are read from the inbox queue `pipeline up` subscribes to the alerts topic; they\n' +
        "stay there (14 days) after being shown. On AWS, alerts go to the topic's subscribers\n" +
        '(e-mail: set ALERT_EMAIL when deploying).\n\nExample:\n  pipeline alerts --limit 5\n  pipeline alerts --json',
    );
  for (const option of targetOptions()) command.addOption(option);
  return command.action(async (options: AlertsOptions) => {
    const limit = parseLimit(options.limit);
    const names = deploymentNames(options.env);
    if (options.target === 'aws') {
      throw new CliError(
        `pipeline alerts reads the local alerts inbox of emulator targets; on AWS, subscribe to the SNS topic ${names.topics.alerts} (e-mail: set ALERT_EMAIL and deploy)`,
      );
    }
    const clients = createAwsClients(await resolveTarget(options));
    try {
      const queueName = alertsInboxQueueName(names);
      const url = await inboxUrl(clients.sqs, queueName).catch((err: unknown) => {
        if (err instanceof AlertsInboxMissingError) {
          throw new CliError(
            `no alerts inbox (${queueName}) on this target; provision the ${options.env} stack first: pipeline up`,
          );
        }
        throw err;
      });
      const entries = (await peekInbox(clients.sqs, url)).slice(0, limit);
      if (options.json) {
        console.log(
          JSON.stringify(
            entries.map((e) => (e.ok ? e.alert : { unreadable: e.body })),
            null,
            2,
          ),
        );
      } else {
        for (const line of formatAlerts(entries)) console.log(line);
      }
    } finally {
      clients.destroy();
    }
  });
}
