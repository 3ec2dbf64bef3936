import { basename, relative, sep } from 'node:path';
import { isoDateSchema } from '../../handlers/lib/manifest/manifest-document';
import { objectKeys } from '../../handlers/lib/object-keys';
import { IngestInputError } from './errors';

/** What decides a file's raw key when its path does not (flat folders): `--source`, `--date`. */
export interface KeyOverrides {
  readonly source?: string;
  readonly date?: string;
}

/** Source names the manifest builder accepts in `source=<name>`. */
export const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Checks `--source` and `--date` before any file is read, so mistakes fail in one line. */
export function checkOverrides(o: KeyOverrides): void {
  if (o.source !== undefined && !SOURCE_NAME.test(o.source)) {
    throw new IngestInputError(`--source "${o.source}" must be letters, digits, _ . - only`);
  }
  if (o.date !== undefined && !isoDateSchema.safeParse(o.date).success) {
    throw new IngestInputError(`--date "${o.date}" is not a calendar date in YYYY-MM-DD form`);
  }
}

/**
 * The raw key of a local file, as a producer would write it: the source and ingestion date come
 * from `source=<s>/ingestion_date=<d>/` folders in its path (what `pipeline generate` writes),
 * or from `--source`/`--date`, which win. Folders below the date folder are kept.
 */
export function rawKeyFor(path: string, overrides: KeyOverrides): string {
  const parts = path.split(sep);
  const lastIndex = (re: RegExp): number => parts.map((p) => re.test(p)).lastIndexOf(true);
  const sourceAt = lastIndex(/^source=/);
  const dateAt = lastIndex(/^ingestion_date=/);
  const source = overrides.source ?? (sourceAt >= 0 ? parts[sourceAt]!.slice(7) : undefined);
  const date = overrides.date ?? (dateAt >= 0 ? parts[dateAt]!.slice(15) : undefined);
  if (source === undefined) {
    throw new IngestInputError(
      `cannot tell the source of ${path}: put it under a source=<name>/ folder or pass --source`,
    );
  }
  if (!SOURCE_NAME.test(source)) {
    throw new IngestInputError(`source "${source}" of ${path} must be letters, digits, _ . - only`);
  }
  if (date === undefined) {
    throw new IngestInputError(
      `cannot tell the ingestion date of ${path}: put it under an ingestion_date=YYYY-MM-DD/ folder or pass --date`,
    );
  }
  if (!isoDateSchema.safeParse(date).success) {
    throw new IngestInputError(`ingestion date "${date}" of ${path} is not a calendar date`);
  }
  const below =
    overrides.date === undefined && dateAt >= 0
      ? relative(parts.slice(0, dateAt + 1).join(sep), path)
          .split(sep)
          .join('/')
      : basename(path);
  return objectKeys.raw(source, date, below);
}
