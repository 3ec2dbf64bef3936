import { Command, Option } from 'commander';
import { parseCount, parseDates, parseRate, parseSize } from '../../generator/arguments';
import { FORMATS } from '../../generator/encoders';
import { directorySink } from '../../generator/fs-sink';
import { generateDataset, type GenerationSummary } from '../../generator/generate-dataset';
import { BAD_FILE_KINDS, TYPICAL_RECORD_BYTES, type BadFileKind } from '../../generator/options';
import { CliError } from '../cli-error';
import { progress } from '../progress';

interface GenerateOptions {
  out: string;
  source: string;
  seed: string;
  events?: string;
  bytes?: string;
  dates?: string;
  fileSize: string;
  format: (typeof FORMATS)[number];
  gzip?: boolean;
  namePrefix: string;
  users?: string;
  lateRate: string;
  lateMaxDays: string;
  duplicateRate: string;
  nullUserRate: string;
  unknownTypeRate: string;
  badLineRate: string;
  badFileRate: string;
  badFileKinds: string;
  json?: boolean;
}

/** About how much gzip shrinks generated NDJSON; only sizes the progress bar. */
const GZIP_RATIO = 6;

const EXAMPLES = `
Examples:
  pipeline generate --out data --events 100000 --dates 2026-11-01..2026-11-03 --seed 7
  pipeline generate --out data --bytes 1GB --file-size 64MB --gzip
  pipeline generate --out data --events 20000 --null-user-rate 5% --duplicate-rate 0.03 --bad-line-rate 0.01 --bad-file-rate 0.5
  pipeline generate --out late --events 500 --dates 2026-11-01 --late-rate 1 --name-prefix late --seed 8`;

function badFileKinds(text: string): BadFileKind[] {
  const kinds = text.split(',').map((k) => k.trim());
  const unknown = kinds.filter((k) => !(BAD_FILE_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0 || kinds.length === 0) {
    throw new CliError(
      `--bad-file-kinds: unknown kind "${unknown.join(',')}"; choose from ${BAD_FILE_KINDS.join(', ')}`,
    );
  }
  return kinds as BadFileKind[];
}

/** `pipeline generate`: the mock event generator (see scripts/generator). */
export function generateCommand(): Command {
  return new Command('generate')
    .description(
      'write realistic, seeded mock app events as NDJSON or CSV files laid out like the raw bucket (source=<s>/ingestion_date=<d>/), with optional late events, duplicates, null user ids, unknown event types, bad lines and bad files',
    )
    .requiredOption('--out <dir>', 'output folder (files are replaced, others kept)')
    .option('--source <name>', 'source name of the files', 'app')
    .option('--seed <n>', 'PRNG seed: same seed and options, byte-identical files', '1')
    .addOption(new Option('--events <n>', 'lines in total over all dates (default 10000)'))
    .addOption(
      new Option('--bytes <size>', 'uncompressed size in total instead, e.g. 1GB').conflicts(
        'events',
      ),
    )
    .option('--dates <spec>', 'YYYY-MM-DD, a list a,b or a range FROM..TO (default: today, UTC)')
    .option('--file-size <size>', 'size of each file on disk (after gzip with --gzip)', '10MB')
    .addOption(new Option('--format <format>', 'file format').choices(FORMATS).default('ndjson'))
    .option('--gzip', 'gzip each file (.gz)')
    .option('--name-prefix <stem>', 'file name stem, e.g. "late" for a later batch', 'part')
    .option('--users <n>', 'distinct users (default: one per 15 lines)')
    .option('--late-rate <rate>', 'events with event_ts days before ingestion_date', '0')
    .option('--late-max-days <n>', 'how many days late a late event is at most', '3')
    .option('--duplicate-rate <rate>', 'lines repeating an earlier line of the date', '0')
    .option('--null-user-rate <rate>', 'events with a null user_id', '0')
    .option('--unknown-type-rate <rate>', 'events with an event_type outside the four known', '0')
    .option(
      '--bad-line-rate <rate>',
      'unreadable lines (invalid JSON, missing or mistyped fields)',
      '0',
    )
    .option('--bad-file-rate <rate>', 'extra bad files per good file', '0')
    .option('--bad-file-kinds <list>', 'kinds of bad files, in turn', BAD_FILE_KINDS.join(','))
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (o: GenerateOptions) => {
      const dates = parseDates(o.dates ?? new Date().toISOString().slice(0, 10));
      const size: { bytes: number; events?: undefined } | { events: number; bytes?: undefined } =
        o.bytes !== undefined
          ? { bytes: parseSize(o.bytes, '--bytes') }
          : { events: parseCount(o.events ?? '10000', '--events', 1) };
      const fileBytes = parseSize(o.fileSize, '--file-size');
      if (fileBytes < 1024)
        throw new CliError(`--file-size must be at least 1KiB, not "${o.fileSize}"`);
      const rates = {
        late: parseRate(o.lateRate, '--late-rate'),
        duplicate: parseRate(o.duplicateRate, '--duplicate-rate'),
        nullUser: parseRate(o.nullUserRate, '--null-user-rate'),
        unknownType: parseRate(o.unknownTypeRate, '--unknown-type-rate'),
        badLine: parseRate(o.badLineRate, '--bad-line-rate'),
        badFile: parseRate(o.badFileRate, '--bad-file-rate'),
      };
      if (rates.duplicate + rates.badLine > 1)
        throw new CliError('--duplicate-rate and --bad-line-rate add up to more than 1');
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(o.source))
        throw new CliError(`--source "${o.source}" must be letters, digits, _ . - only`);
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(o.namePrefix))
        throw new CliError(`--name-prefix "${o.namePrefix}" must be letters, digits, _ . - only`);
      const total = size.bytes ?? (size.events ?? 0) * TYPICAL_RECORD_BYTES;
      const onDisk = o.gzip ? total / GZIP_RATIO : total;
      const files = dates.length * Math.ceil(onDisk / dates.length / fileBytes);
      const bar = o.json
        ? { tick: () => undefined, stop: () => undefined }
        : progress(Math.max(1, Math.round(files * (1 + rates.badFile))), 'generating');
      const started = process.hrtime.bigint();
      let summary: GenerationSummary;
      try {
        summary = await generateDataset(
          {
            seed: parseCount(o.seed, '--seed'),
            source: o.source,
            dates,
            size,
            fileBytes,
            format: o.format,
            gzip: o.gzip ?? false,
            namePrefix: o.namePrefix,
            users: o.users === undefined ? undefined : parseCount(o.users, '--users', 1),
            rates,
            lateMaxDays: parseCount(o.lateMaxDays, '--late-max-days', 1, 365),
            badFileKinds: badFileKinds(o.badFileKinds),
          },
          directorySink(o.out),
          { onFile: (f) => bar.tick(f.path) },
        );
      } finally {
        bar.stop();
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      printSummary(summary, o.out, seconds, o.json ?? false);
    });
}

const pct = (n: number, of: number): string => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;

function printSummary(s: GenerationSummary, out: string, seconds: number, json: boolean): void {
  const mbPerSecond = s.rawBytes / 1e6 / Math.max(seconds, 1e-9);
  if (json) {
    console.log(JSON.stringify({ out, seconds, mbPerSecond, ...s }, null, 2));
    return;
  }
  const c = s.counts;
  const data = s.files.filter((f) => f.kind === 'data').length;
  console.log(
    `generated ${s.files.length} file(s) (${data} data, ${s.files.length - data} bad) for ${s.options.dates.length} date(s) in ${out}: ${c.lines} lines, ${(s.rawBytes / 1e6).toFixed(1)} MB${s.options.gzip ? ` (${(s.bytes / 1e6).toFixed(1)} MB gzipped)` : ''} in ${seconds.toFixed(2)} s (${mbPerSecond.toFixed(0)} MB/s)`,
  );
  const types = Object.entries(c.eventTypes)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${pct(n, c.events)}`)
    .join(', ');
  console.log(`events ${c.events} (${types}), ${s.users} users`);
  console.log(
    `injected: duplicates ${c.duplicates} (${pct(c.duplicates, c.lines)}), bad lines ${c.badLines} (${pct(c.badLines, c.lines)}), late ${c.lateEvents}, null user_id ${c.nullUserIds} (${pct(c.nullUserIds, c.events)}), unknown types ${c.unknownTypes}`,
  );
  console.log(`next: pipeline ingest ${out}`);
}
