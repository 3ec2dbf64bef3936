import { columnName } from '../../handlers/lib/contract/contract';
import { contractFor } from '../../handlers/lib/contract/contracts';
import type { EventRecord } from './event-record';
import {
  CURRENCY,
  DEVICE_CSV,
  DEVICE_JSON,
  PLACE_CSV,
  PLACE_JSON,
  PRODUCT_CSV,
  PRODUCT_JSON,
  SCROLL,
  TAGS_CSV,
  TAGS_JSON,
} from './fragments';
import { isoAt, shiftDate } from './timestamps';

/** Output formats; each has its own file extension and line encoding. */
export const FORMATS = ['ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** Turns records into lines of one format for one ingestion date. */
export interface LineEncoder {
  readonly extension: string;
  /** Written at the top of every file ('' for NDJSON). */
  readonly header: string;
  line(rec: EventRecord): string;
}

/** The CSV header: the contract's flattened column names, in contract order. */
export const CSV_COLUMNS: readonly string[] = contractFor('app').fields.map(columnName);

/** Day prefixes of an ingestion date and the days before it (late events). */
function dayTable(date: string, maxLateDays: number): string[] {
  return Array.from({ length: maxLateDays + 1 }, (_, d) => shiftDate(date, -d));
}

/**
 * NDJSON in the app events contract's shape: identity, then the nested session, device,
 * location, engagement and properties objects (properties.tags is an array).
 */
export function ndjsonEncoder(date: string, maxLateDays: number): LineEncoder {
  const days = dayTable(date, maxLateDays);
  return {
    extension: '.ndjson',
    header: '',
    line(r) {
      const day = days[r.daysLate]!;
      const user = r.userId === null ? 'null' : `"${r.userId}"`;
      const product = PRODUCT_JSON[r.product < 0 ? PRODUCT_JSON.length - 1 : r.product]!;
      return `{"event_id":"${r.eventId}","event_type":"${r.eventType}","user_id":${user},"event_ts":"${isoAt(day, r.msOfDay)}","session":{"session_id":"${r.sessionId}","started_at":"${isoAt(day, r.sessionStartMs)}","is_new":${r.isNew},"page_views":${r.pageViews}},${DEVICE_JSON[r.device]!},${PLACE_JSON[r.place]!},"engagement":{"duration_ms":${r.durationMs},"scroll_depth":${SCROLL[r.scrollPct]!},"clicks":${r.clicks}},"properties":{"page":"${r.page}",${product},"quantity":${r.quantity === 0 ? 'null' : r.quantity},"currency":"${CURRENCY[r.place]!}","tags":${TAGS_JSON[r.tagMask]!}}}\n`;
    },
  };
}

/** CSV with a header row of the contract's column names; null is an empty cell. */
export function csvEncoder(date: string, maxLateDays: number): LineEncoder {
  const days = dayTable(date, maxLateDays);
  return {
    extension: '.csv',
    header: `${CSV_COLUMNS.join(',')}\n`,
    line(r) {
      const day = days[r.daysLate]!;
      const product = PRODUCT_CSV[r.product < 0 ? PRODUCT_CSV.length - 1 : r.product]!;
      return `${r.eventId},${r.eventType},${r.userId ?? ''},${isoAt(day, r.msOfDay)},${r.sessionId},${isoAt(day, r.sessionStartMs)},${r.isNew},${r.pageViews},${DEVICE_CSV[r.device]!},${PLACE_CSV[r.place]!},${r.durationMs},${SCROLL[r.scrollPct]!},${r.clicks},${r.page},${product},${r.quantity === 0 ? '' : r.quantity},${CURRENCY[r.place]!},${TAGS_CSV[r.tagMask]!}\n`;
    },
  };
}

/** The encoder of a format. */
export function encoderFor(format: Format, date: string, maxLateDays: number): LineEncoder {
  return format === 'csv' ? csvEncoder(date, maxLateDays) : ndjsonEncoder(date, maxLateDays);
}
