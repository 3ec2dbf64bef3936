import type { EventRecord } from './event-record';
import type { Format } from './encoders';
import type { Prng } from './prng';

/** Ways a line goes bad, each a different reject reason in the transform. */
export const BAD_LINE_KINDS = [
  'invalid-json',
  'missing-field',
  'wrong-type',
  'not-object',
] as const;
export type BadLineKind = (typeof BAD_LINE_KINDS)[number];

/** CSV cannot carry JSON-level damage without breaking the rest of the file. */
const KINDS_BY_FORMAT: Readonly<Record<Format, readonly BadLineKind[]>> = {
  ndjson: BAD_LINE_KINDS,
  csv: ['missing-field', 'wrong-type'],
};

const TS_JSON = /"event_ts":"[^"]*"/;

function badNdjson(kind: BadLineKind, good: string, rec: EventRecord, prng: Prng): string {
  switch (kind) {
    case 'invalid-json':
      // A prefix of an object never closes it: a writer cut off mid-line.
      return `${good.slice(0, 10 + prng.int(good.length - 20))}\n`;
    case 'missing-field':
      return [
        () => good.replace(`"event_id":"${rec.eventId}",`, ''),
        () => good.replace(`"event_type":"${rec.eventType}",`, ''),
        () => good.replace(/"event_ts":"[^"]*",/, ''),
      ][prng.int(3)]!();
    case 'wrong-type':
      return [
        () => good.replace(TS_JSON, '"event_ts":"yesterday"'),
        () => good.replace(TS_JSON, '"event_ts":true'),
        () => good.replace(/"page_views":\d+/, '"page_views":"many"'),
      ][prng.int(3)]!();
    case 'not-object':
      return `["${rec.eventId}","${rec.eventType}"]\n`;
  }
}

function badCsv(kind: BadLineKind, good: string, rec: EventRecord, prng: Prng): string {
  if (kind === 'missing-field') {
    return prng.chance(0.5)
      ? good.replace(`${rec.eventId},`, ',')
      : good.replace(`${rec.eventId},${rec.eventType},`, `${rec.eventId},,`);
  }
  // wrong-type: an event time nobody can parse.
  const cells = good.split(',');
  cells[3] = 'yesterday';
  return cells.join(',');
}

/**
 * A bad version of a good line (invalid JSON, a missing required field, a value of the wrong
 * type, or not an object), so every reject reason of the contract can be exercised.
 */
export function badLine(
  format: Format,
  good: string,
  rec: EventRecord,
  prng: Prng,
): { kind: BadLineKind; line: string } {
  const kind = prng.pick(KINDS_BY_FORMAT[format]);
  const line = format === 'csv' ? badCsv(kind, good, rec, prng) : badNdjson(kind, good, rec, prng);
  return { kind, line };
}
