import {
  quarantinedFilesOfDate,
  undatedQuarantinedFiles,
} from '../../../handlers/lib/tracking/file-repository';
import { INDEX_SK, type FileItem } from '../../../handlers/lib/tracking/items';
import type { QuarantinedFileItem } from '../../../handlers/lib/tracking/quarantine-release';
import type { QuarantineDeps } from './deps';
import { filesTableOf } from './deps';

/** One quarantined file version as an operator reads it. */
export interface QuarantineEntry {
  readonly key: string;
  readonly version: string;
  readonly ingestionDate: string;
  readonly reason: string;
  readonly codes: readonly string[];
  /** When it was quarantined. */
  readonly quarantinedAt: string;
  readonly size: number;
  /** Whether a copy is in the quarantine bucket (absent when the object was gone). */
  readonly hasCopy: boolean;
  readonly release?: {
    readonly state: 'RELEASING' | 'RELEASED';
    readonly at?: string;
    readonly version?: string;
    readonly via?: string;
  };
}

const entry = (f: QuarantinedFileItem): QuarantineEntry => ({
  key: f.key,
  version: f.version_id ?? f.etag,
  ingestionDate: f.ingestion_date ?? '',
  reason: f.reason ?? '',
  codes: f.reason_codes ?? [],
  quarantinedAt: f[INDEX_SK],
  size: f.size,
  hasCopy: f.quarantine_key !== undefined,
  ...(f.release_state
    ? {
        release: {
          state: f.release_state,
          ...(f.released_at ? { at: f.released_at } : {}),
          ...(f.released_version ? { version: f.released_version } : {}),
          ...(f.released_via ? { via: f.released_via } : {}),
        },
      }
    : {}),
});

/**
 * The quarantined files of the given ingestion dates, oldest first, with their reasons and
 * releases: one index query per date, plus (unless `undated` is false) the files whose key
 * gave no ingestion date at all (bad or missing `ingestion_date=`, a key outside the layout),
 * which belong to no date and would otherwise be listed nowhere.
 */
export async function listQuarantined(
  d: QuarantineDeps,
  dates: readonly string[],
  options: { readonly undated?: boolean } = {},
): Promise<QuarantineEntry[]> {
  const t = filesTableOf(d);
  const found: QuarantineEntry[] = [];
  const ofRaw = (items: FileItem[]): QuarantineEntry[] =>
    (items as QuarantinedFileItem[]).filter((f) => f.bucket === d.rawBucket).map(entry);
  for (const date of dates) found.push(...ofRaw(await quarantinedFilesOfDate(t, date)));
  if (options.undated ?? true) found.push(...ofRaw(await undatedQuarantinedFiles(t)));
  return found.sort((a, b) => a.quarantinedAt.localeCompare(b.quarantinedAt));
}

/** Entries as lines: when, date, key and version, reason, release. */
export function formatQuarantine(entries: readonly QuarantineEntry[]): string[] {
  if (entries.length === 0) return ['no quarantined files'];
  return entries.flatMap((e) => [
    `${e.quarantinedAt}  ${e.ingestionDate || '(no date)'}  ${e.key}  (version ${e.version}, ${e.size} bytes)`,
    `    why: ${e.reason}${e.codes.length > 0 ? ` [${e.codes.join(', ')}]` : ''}`,
    e.release
      ? `    released: ${e.release.state === 'RELEASED' ? `${e.release.at ?? ''} as version ${e.release.version ?? '?'} (${e.release.via ?? '?'})` : 'in progress'}`
      : `    release: ${e.ingestionDate === '' ? 'the key itself is the problem; upload the file again under raw/source=<source>/ingestion_date=YYYY-MM-DD/' : e.hasCopy ? `pipeline quarantine release '${e.key}'` : 'no copy kept; the producer must upload it again'}`,
  ]);
}
