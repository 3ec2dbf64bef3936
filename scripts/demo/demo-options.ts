import { Command, InvalidArgumentError, Option } from 'commander';
import { statSync } from 'node:fs';
import { isoDateSchema } from '../../handlers/lib/manifest/manifest-document';

/** What `npm run demo -- ...` was asked to do. */
export interface DemoOptions {
  /** Leave the emulator running (detached) and say how to point the CLI at it. */
  readonly keep: boolean;
  /** The user's own files instead of generated ones. */
  readonly input?: string;
  readonly source?: string;
  readonly date?: string;
  /** Copy curated, rejects, quarantine, metrics and manifests here at the end. */
  readonly out?: string;
  readonly seed: number;
  readonly days: number;
  /** `embedded` (the demo starts the emulator) or `endpoint` (an emulator already running). */
  readonly target: 'embedded' | 'endpoint';
  /** The emulator URL for `--target endpoint` (a docker-compose service, say). */
  readonly endpoint?: string;
  /** Print the summary as one JSON document on stdout (the steps go to stderr). */
  readonly json: boolean;
  /** A source of --input without a contract runs under one inferred from its files. */
  readonly infer: boolean;
}

const date = (value: string): string => {
  if (!isoDateSchema.safeParse(value).success)
    throw new InvalidArgumentError(`"${value}" is not a YYYY-MM-DD calendar date`);
  return value;
};
/** `--input` is checked here, before the demo starts an emulator it would not need. */
const existingPath = (value: string): string => {
  let isFolderOrFile = false;
  try {
    const s = statSync(value);
    isFolderOrFile = s.isDirectory() || s.isFile();
  } catch {
    throw new InvalidArgumentError('no such folder; pass the folder (or file) of your event files');
  }
  if (!isFolderOrFile)
    throw new InvalidArgumentError('not a folder or file; pass the folder of your event files');
  return value;
};
const wholeNumber =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };

/** Parses the demo's arguments; a bad one ends the process with commander's one-line error. */
export function parseDemoOptions(argv: readonly string[]): DemoOptions {
  const program = new Command('npm run demo --')
    .description('the pipeline end to end on the embedded emulator')
    .option('--keep', 'leave the emulator running afterwards', false)
    .option(
      '--input <dir>',
      'ingest your own files (NDJSON, JSONL, JSON, CSV, optionally .gz) instead of generated events',
      existingPath,
    )
    .option('--source <name>', 'source of --input files that are not under source=<name>/ folders')
    .option(
      '--date <YYYY-MM-DD>',
      'ingestion date of --input files that are not under ingestion_date=<date>/ folders',
      date,
    )
    .option(
      '--out <dir>',
      'copy the curated, rejects, quarantine, metrics and manifests prefixes here',
    )
    .option(
      '--infer',
      'a source of --input with no contract runs under one proposed from its files (pipeline contract infer), for this run only',
      false,
    )
    .option('--seed <n>', 'seed of the generated events', wholeNumber(0, 2 ** 31 - 1), 7)
    .option('--days <n>', 'days of generated events (ending yesterday)', wholeNumber(1, 14), 3)
    .addOption(
      new Option(
        '--target <kind>',
        'the embedded emulator, or an emulator already running at a URL',
      )
        .choices(['embedded', 'endpoint'])
        .default('embedded'),
    )
    .addOption(
      new Option(
        '--endpoint <url>',
        'emulator URL for --target endpoint (moto: http://localhost:5000)',
      ).env('PIPELINE_ENDPOINT_URL'),
    )
    .option('--json', 'print the summary as one JSON document (the steps go to stderr)', false)
    .addHelpText(
      'after',
      '\nExit codes: 0 all curated, 3 some data held by its data-quality gate, 4 failures that\n' +
        'need an operator (failed manifests, DLQ messages), 1 a usage or setup error.\n' +
        '\nExamples:\n  npm run demo\n  npm run demo -- --input ./my-events --source app --date 2026-11-20 --out ./results\n  npm run demo -- --target endpoint --endpoint http://localhost:5000',
    );
  program.parse(argv, { from: 'user' });
  const o = program.opts<DemoOptions>();
  if (o.target === 'endpoint' && !o.endpoint)
    program.error('--target endpoint needs --endpoint <url> (or PIPELINE_ENDPOINT_URL)');
  return { ...o, keep: Boolean(o.keep), json: Boolean(o.json), infer: Boolean(o.infer) };
}
