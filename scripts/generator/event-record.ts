/**
 * One generated event before serialization: indexes into the catalog instead of strings where
 * the encoders have pre-serialized fragments, so encoding a line is mostly concatenation.
 */
export interface EventRecord {
  eventId: string;
  eventType: string;
  userId: string | null;
  /** Days before the ingestion date the event happened (0: that day; > 0: a late event). */
  daysLate: number;
  msOfDay: number;
  sessionId: string;
  sessionStartMs: number;
  isNew: boolean;
  pageViews: number;
  device: number;
  place: number;
  durationMs: number;
  /** Scroll depth in whole percent, 0-100. */
  scrollPct: number;
  clicks: number;
  page: string;
  /** Product index, or -1 when the event is about no product. */
  product: number;
  /** 0 when not a cart or purchase event (written as null). */
  quantity: number;
  /** Bit i set: TAGS[i] is attached. */
  tagMask: number;
}

/** A blank record for the stream to fill (one is reused for every event). */
export function emptyRecord(): EventRecord {
  return {
    eventId: '',
    eventType: '',
    userId: null,
    daysLate: 0,
    msOfDay: 0,
    sessionId: '',
    sessionStartMs: 0,
    isNew: false,
    pageViews: 0,
    device: 0,
    place: 0,
    durationMs: 0,
    scrollPct: 0,
    clicks: 0,
    page: '/',
    product: -1,
    quantity: 0,
    tagMask: 0,
  };
}
