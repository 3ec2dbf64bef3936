import { badLine, BAD_LINE_KINDS, type BadLineKind } from './bad-lines';
import { UNKNOWN_EVENT_TYPES } from './catalog';
import { encoderFor, type LineEncoder } from './encoders';
import { emptyRecord, type EventRecord } from './event-record';
import type { GeneratorOptions } from './options';
import { streamFor, type Prng } from './prng';
import { SessionStream } from './session-stream';
import { UserPopulation } from './users';

/** What was injected, line by line; the summary adds these up over dates. */
export interface LineCounts {
  /** Lines written to data files: events + duplicates + bad lines. */
  lines: number;
  /** Distinct events (late, null-user and unknown-type ones included). */
  events: number;
  duplicates: number;
  badLines: number;
  lateEvents: number;
  nullUserIds: number;
  unknownTypes: number;
  eventTypes: Record<string, number>;
  badLineKinds: Record<BadLineKind, number>;
}

export function emptyCounts(): LineCounts {
  return {
    lines: 0,
    events: 0,
    duplicates: 0,
    badLines: 0,
    lateEvents: 0,
    nullUserIds: 0,
    unknownTypes: 0,
    eventTypes: {},
    badLineKinds: Object.fromEntries(BAD_LINE_KINDS.map((k) => [k, 0])) as Record<
      BadLineKind,
      number
    >,
  };
}

/** Recent lines a duplicate may repeat (a producer retrying a recent batch). */
const RECENT = 512;

/**
 * The lines of one ingestion date: realistic events with the requested share of late events,
 * null user ids, unknown event types, duplicates and bad lines. Seeded by (seed, date), so a
 * date's lines do not depend on which other dates are generated with it.
 */
export class DateLines {
  readonly encoder: LineEncoder;
  readonly counts = emptyCounts();
  private readonly prng: Prng;
  private readonly stream: SessionStream;
  private readonly rec: EventRecord = emptyRecord();
  private readonly recent: string[] = [];
  private recentAt = 0;

  constructor(
    private readonly options: GeneratorOptions,
    date: string,
    users: number,
    stream = 'lines',
  ) {
    this.encoder = encoderFor(options.format, date, options.lateMaxDays);
    this.prng = streamFor(options.seed, date, stream);
    this.stream = new SessionStream(this.prng, new UserPopulation(options.seed, users));
  }

  /** The next line, newline included. */
  next(): string {
    const { rates } = this.options;
    const c = this.counts;
    const u = this.prng.float();
    c.lines += 1;
    if (u < rates.duplicate && this.recent.length > 0) {
      c.duplicates += 1;
      return this.recent[this.prng.int(this.recent.length)]!;
    }
    const rec = this.rec;
    this.stream.next(rec);
    if (u >= rates.duplicate && u < rates.duplicate + rates.badLine) {
      const bad = badLine(this.options.format, this.encoder.line(rec), rec, this.prng);
      c.badLines += 1;
      c.badLineKinds[bad.kind] += 1;
      return bad.line;
    }
    this.inject(rec);
    c.events += 1;
    c.eventTypes[rec.eventType] = (c.eventTypes[rec.eventType] ?? 0) + 1;
    const line = this.encoder.line(rec);
    if (this.recent.length < RECENT) this.recent.push(line);
    else this.recent[this.recentAt++ % RECENT] = line;
    return line;
  }

  private inject(rec: EventRecord): void {
    const { rates, lateMaxDays } = this.options;
    const prng = this.prng;
    if (prng.chance(rates.late)) {
      rec.daysLate = 1 + prng.int(lateMaxDays);
      this.counts.lateEvents += 1;
    }
    if (prng.chance(rates.nullUser)) {
      rec.userId = null;
      this.counts.nullUserIds += 1;
    }
    if (prng.chance(rates.unknownType)) {
      rec.eventType = prng.pick(UNKNOWN_EVENT_TYPES);
      this.counts.unknownTypes += 1;
    }
  }
}
