import type { QuarantineEntry } from '../quarantine/list';

/** Where a quarantined file stands, in the words of the action it needs. */
export type QuarantineState =
  'released' | 'releasing' | 'awaiting release' | 'no copy kept' | 'key outside the layout';

/** One quarantined file version as the report lists it. */
export interface QuarantinedFile {
  /** Null when the key gave no ingestion date. */
  readonly date: string | null;
  readonly key: string;
  readonly version: string;
  readonly reason: string;
  readonly codes: readonly string[];
  readonly quarantinedAt: string;
  readonly size: number;
  readonly state: QuarantineState;
  /** What an operator does next, or what was done. */
  readonly action: string;
}

/** The report's view of quarantine: every file, and how many are still to be dealt with. */
export interface QuarantineView {
  readonly files: readonly QuarantinedFile[];
  /** Files not released, per ingestion date ("" for files with no date). */
  readonly openByDate: Readonly<Record<string, number>>;
  readonly open: number;
}

function stateOf(e: QuarantineEntry): Pick<QuarantinedFile, 'state' | 'action'> {
  if (e.release?.state === 'RELEASED')
    return {
      state: 'released',
      action: `released${e.release.at ? ` ${e.release.at}` : ''} as version ${e.release.version ?? '?'}`,
    };
  if (e.release?.state === 'RELEASING')
    return { state: 'releasing', action: 'a release is in progress' };
  if (e.ingestionDate === '')
    return {
      state: 'key outside the layout',
      action: 'upload the file again under raw/source=<source>/ingestion_date=YYYY-MM-DD/',
    };
  if (e.hasCopy)
    return { state: 'awaiting release', action: `pipeline quarantine release '${e.key}'` };
  return { state: 'no copy kept', action: 'the producer must upload it again' };
}

/**
 * The quarantined files in date order (files without a date last), oldest first within a
 * date, each with the state a person acts on: the same advice `pipeline quarantine list`
 * prints, so the page and the terminal never disagree on what to do.
 */
export function quarantineView(entries: readonly QuarantineEntry[]): QuarantineView {
  const files = entries
    .map((e): QuarantinedFile => ({
      date: e.ingestionDate === '' ? null : e.ingestionDate,
      key: e.key,
      version: e.version,
      reason: e.reason,
      codes: e.codes,
      quarantinedAt: e.quarantinedAt,
      size: e.size,
      ...stateOf(e),
    }))
    .sort(
      (a, b) =>
        Number(a.date === null) - Number(b.date === null) ||
        (a.date ?? '').localeCompare(b.date ?? '') ||
        a.quarantinedAt.localeCompare(b.quarantinedAt) ||
        a.key.localeCompare(b.key),
    );
  const openByDate: Record<string, number> = {};
  for (const f of files)
    if (f.state !== 'released') openByDate[f.date ?? ''] = (openByDate[f.date ?? ''] ?? 0) + 1;
  return { files, openByDate, open: Object.values(openByDate).reduce((n, k) => n + k, 0) };
}
