import { isoDateSchema } from '../lib/manifest/manifest-document';
import { PREFIXES } from '../lib/names';

/** What the raw key layout says about an object. */
export interface RawKeyParts {
  readonly source: string;
  /** `YYYY-MM-DD` from `ingestion_date=`, or undefined when the key has no date segment. */
  readonly ingestionDate: string | undefined;
  /** File name (last segment), for the extension check. */
  readonly fileName: string;
}

/** Why a key does not fit the layout. */
export type RawKeyProblem =
  | { readonly code: 'bad-layout'; readonly reason: string }
  | { readonly code: 'bad-date'; readonly reason: string };

export type RawKeyResult =
  | { readonly ok: true; readonly parts: RawKeyParts }
  | { readonly ok: false; readonly problem: RawKeyProblem };

/** The layout producers must follow, in words, for quarantine reasons. */
export const RAW_KEY_LAYOUT = `${PREFIXES.raw}source=<source>/[ingestion_date=YYYY-MM-DD/]<file>`;

const SOURCE = /^source=([A-Za-z0-9][A-Za-z0-9_.-]*)$/;
const DATE = /^ingestion_date=(.*)$/;

/**
 * Parses a decoded raw key, `raw/source=<src>/ingestion_date=YYYY-MM-DD/<file>` (the date segment
 * may be missing; sub-folders after it are allowed), so the builder knows which source and date
 * a file belongs to without reading it.
 */
export function parseRawKey(key: string): RawKeyResult {
  const bad = (reason: string): RawKeyResult => ({
    ok: false,
    problem: { code: 'bad-layout', reason: `${reason}; expected ${RAW_KEY_LAYOUT}` },
  });
  if (!key.startsWith(PREFIXES.raw)) return bad(`key is not under ${PREFIXES.raw}`);
  const segments = key.slice(PREFIXES.raw.length).split('/');
  const fileName = segments[segments.length - 1] ?? '';
  if (segments.length < 2 || fileName === '') return bad('key has no source folder or file name');
  const source = SOURCE.exec(segments[0]!)?.[1];
  if (source === undefined) return bad(`first folder "${segments[0]}" is not source=<source>`);
  const dateValue = segments.length > 2 ? DATE.exec(segments[1]!)?.[1] : undefined;
  if (dateValue !== undefined && !isoDateSchema.safeParse(dateValue).success) {
    return {
      ok: false,
      problem: {
        code: 'bad-date',
        reason: `ingestion_date=${dateValue} is not a calendar date in YYYY-MM-DD form`,
      },
    };
  }
  return { ok: true, parts: { source, ingestionDate: dateValue, fileName } };
}

/** The UTC calendar date of an instant, `YYYY-MM-DD`: the fallback ingestion date. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * Decodes an object key as S3 notifications carry it (URL-encoded, spaces as `+`). Returns
 * undefined when the text is not valid percent-encoding, so the caller can quarantine it with a
 * reason instead of crashing.
 */
export function decodeNotificationKey(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
