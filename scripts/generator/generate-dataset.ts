import { PREFIXES } from '../../handlers/lib/names';
import { objectKeys } from '../../handlers/lib/object-keys';
import { badFile } from './bad-files';
import { DateLines, emptyCounts, type LineCounts } from './date-lines';
import {
  generatorOptionsSchema,
  shareOf,
  TYPICAL_RECORD_BYTES,
  type BadFileKind,
  type GeneratorOptions,
  type GeneratorOptionsInput,
} from './options';
import { ChunkedWriter, counting, gzipped, type DatasetSink } from './sink';

/** One file written. `rawBytes` is before compression, `bytes` what the file holds. */
export interface GeneratedFile {
  readonly path: string;
  readonly date: string;
  readonly kind: 'data' | BadFileKind;
  readonly lines: number;
  readonly rawBytes: number;
  readonly bytes: number;
}

export interface GenerationSummary {
  readonly options: GeneratorOptions;
  readonly files: readonly GeneratedFile[];
  /** Lines of the data files, by what they are. */
  readonly counts: LineCounts;
  readonly users: number;
  readonly rawBytes: number;
  readonly bytes: number;
}

/** Observers of a run (progress bars). */
export interface GenerationHooks {
  onFile?(file: GeneratedFile): void;
}

const pad = (n: number): string => String(n).padStart(5, '0');

/** Folder of a date's files, relative to the dataset root: the raw key layout minus `raw/`. */
export function dateFolder(source: string, date: string): string {
  return objectKeys.rawPartition(source, date).slice(PREFIXES.raw.length);
}

/**
 * Generates a dataset of realistic app events into `sink`, laid out as the raw bucket is
 * (`source=<s>/ingestion_date=<d>/<prefix>-00000.ndjson`), so `pipeline ingest` maps files to
 * keys directly. Deterministic: the same options give byte-identical files.
 */
export async function generateDataset(
  input: GeneratorOptionsInput,
  sink: DatasetSink,
  hooks: GenerationHooks = {},
): Promise<GenerationSummary> {
  const options = generatorOptionsSchema.parse(input);
  const total = 'events' in options.size ? options.size.events : options.size.bytes;
  const records =
    'events' in options.size ? total : Math.ceil(options.size.bytes / TYPICAL_RECORD_BYTES);
  const users = options.users ?? Math.max(20, Math.ceil(records / 15));
  const files: GeneratedFile[] = [];
  const counts = emptyCounts();
  const emit = (file: GeneratedFile): void => {
    files.push(file);
    hooks.onFile?.(file);
  };
  let dataFiles = 0;
  let badFiles = 0;
  for (const [i, date] of options.dates.entries()) {
    const budget = shareOf(total, i, options.dates.length);
    const lines = new DateLines(options, date, users);
    const n = await writeDataFiles(options, date, lines, budget, sink, emit);
    dataFiles += n;
    add(counts, lines.counts);
    const due = Math.round(options.rates.badFile * dataFiles) - badFiles;
    for (let b = 0; b < due; b += 1) {
      const kind = options.badFileKinds[badFiles % options.badFileKinds.length]!;
      const bad = badFile(options, date, users, b, kind, `${options.namePrefix}-${pad(n + b)}`);
      const path = `${dateFolder(options.source, date)}${bad.name}`;
      const out = await sink.open(path);
      if (bad.content.length > 0) await out.write(bad.content);
      await out.close();
      const size = bad.content.length;
      emit({ path, date, kind, lines: 0, rawBytes: size, bytes: size });
      badFiles += 1;
    }
  }
  const sum = (k: 'rawBytes' | 'bytes'): number => files.reduce((a, f) => a + f[k], 0);
  return { options, files, counts, users, rawBytes: sum('rawBytes'), bytes: sum('bytes') };
}

/** Writes a date's lines into files of about `fileBytes` each; returns how many. */
async function writeDataFiles(
  options: GeneratorOptions,
  date: string,
  lines: DateLines,
  budget: number,
  sink: DatasetSink,
  emit: (file: GeneratedFile) => void,
): Promise<number> {
  const byEvents = 'events' in options.size;
  const { extension, header } = lines.encoder;
  const chunkBytes = Math.min(1024 * 1024, Math.max(16 * 1024, Math.floor(options.fileBytes / 8)));
  let left = budget;
  let n = 0;
  while (left > 0) {
    const path = `${dateFolder(options.source, date)}${options.namePrefix}-${pad(n)}${extension}${options.gzip ? '.gz' : ''}`;
    const file = counting(await sink.open(path));
    const writer = new ChunkedWriter(options.gzip ? gzipped(file) : file, chunkBytes);
    // With gzip the size that counts is the compressed one the raw bucket's checks see; it is
    // known after each flushed chunk, so chunks are a fraction of the file size.
    const size = options.gzip ? () => file.bytes : () => writer.written;
    writer.add(header);
    let count = 0;
    while (left > 0 && size() < options.fileBytes) {
      const line = lines.next();
      count += 1;
      left -= byEvents ? 1 : line.length;
      if (writer.add(line)) await writer.flush();
    }
    await writer.close();
    emit({ path, date, kind: 'data', lines: count, rawBytes: writer.written, bytes: file.bytes });
    n += 1;
  }
  return n;
}

function add(into: LineCounts, from: LineCounts): void {
  into.lines += from.lines;
  into.events += from.events;
  into.duplicates += from.duplicates;
  into.badLines += from.badLines;
  into.lateEvents += from.lateEvents;
  into.nullUserIds += from.nullUserIds;
  into.unknownTypes += from.unknownTypes;
  for (const [k, v] of Object.entries(from.eventTypes))
    into.eventTypes[k] = (into.eventTypes[k] ?? 0) + v;
  for (const k of Object.keys(from.badLineKinds) as (keyof LineCounts['badLineKinds'])[])
    into.badLineKinds[k] += from.badLineKinds[k];
}
