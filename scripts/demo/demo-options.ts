import { Command, InvalidArgumentError } from 'commander';
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
  /** A source of --input without a contract runs under one inferred from its files. */
  readonly infer: boolean;
}

const date = (value: string): string => {
  if (!isoDateSchema.safeParse(value).success)
    throw new InvalidArgumentError(`"${value}" is not a YYYY-MM-DD calendar date`);
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
    .addHelpText(
      'after',
      '\nExamples:\n  npm run demo\n  npm run demo -- --input ./my-events --source app --date 2026-11-20 --out ./results',
    );
  program.parse(argv, { from: 'user' });
  const o = program.opts<DemoOptions>();
  return { ...o, keep: Boolean(o.keep), infer: Boolean(o.infer) };
}
