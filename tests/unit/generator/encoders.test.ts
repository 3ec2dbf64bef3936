import { columnName } from '../../../handlers/lib/contract/contract';
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { CSV_COLUMNS, csvEncoder, ndjsonEncoder } from '../../../scripts/generator/encoders';
import { emptyRecord } from '../../../scripts/generator/event-record';
import * as fragments from '../../../scripts/generator/fragments';
import { Prng, streamFor } from '../../../scripts/generator/prng';
import { SessionStream } from '../../../scripts/generator/session-stream';
import { isoAt } from '../../../scripts/generator/timestamps';
import { UserPopulation } from '../../../scripts/generator/users';
import { contractProblem, csvRecord } from './contract-check';

const APP_CONTRACT = contractFor('app');

describe('encoders', () => {
  it('writes the CSV header as the contract columns, in contract order', () => {
    expect(CSV_COLUMNS).toEqual(APP_CONTRACT.fields.map((f) => columnName(f)));
    expect(csvEncoder('2026-11-20', 3).header).toBe(`${CSV_COLUMNS.join(',')}\n`);
  });

  it('keeps every pre-serialized fragment ASCII, so string length is byte length', () => {
    const all = Object.values(fragments).flat().join('');
    expect(/^[\x20-\x7e]*$/.test(all)).toBe(true);
  });

  it('encodes the same record as NDJSON and CSV with the same values', () => {
    const stream = new SessionStream(streamFor(1, 'x'), new UserPopulation(1, 50));
    const rec = emptyRecord();
    for (let i = 0; i < 200; i += 1) {
      stream.next(rec);
      rec.daysLate = i % 3;
      const json = JSON.parse(ndjsonEncoder('2026-11-20', 3).line(rec)) as Record<string, unknown>;
      const csv = csvRecord(csvEncoder('2026-11-20', 3).line(rec).trimEnd());
      expect(contractProblem(json)).toBeUndefined();
      expect(contractProblem(csv, true)).toBeUndefined();
      expect(csv.event_ts).toBe(json.event_ts);
      expect(csv.device_user_agent).toBe((json.device as { user_agent: string }).user_agent);
      expect(JSON.parse(csv.properties_tags!)).toEqual(
        (json.properties as { tags: string[] }).tags,
      );
      expect(csv.properties_price).toBe(
        String((json.properties as { price: number | null }).price ?? ''),
      );
    }
  });

  it('formats times of the day with an explicit UTC offset, clamped to the day', () => {
    expect(isoAt('2026-11-20', 0)).toBe('2026-11-20T00:00:00.000+00:00');
    expect(isoAt('2026-11-20', 45_296_789)).toBe('2026-11-20T12:34:56.789+00:00');
    expect(isoAt('2026-11-20', 86_400_000 + 5)).toBe('2026-11-20T23:59:59.999+00:00');
    expect(new Date(isoAt('2026-11-20', 45_296_789)).toISOString()).toBe(
      '2026-11-20T12:34:56.789Z',
    );
  });
});

describe('Prng', () => {
  it('repeats its sequence for a seed and differs across seeds and named streams', () => {
    const take = (p: Prng) => Array.from({ length: 5 }, () => p.next());
    expect(take(new Prng(42))).toEqual(take(new Prng(42)));
    expect(take(new Prng(42))).not.toEqual(take(new Prng(43)));
    expect(take(streamFor(1, '2026-11-01'))).not.toEqual(take(streamFor(1, '2026-11-02')));
  });

  it('spreads floats evenly over [0, 1)', () => {
    const p = new Prng(9);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i += 1) {
      const f = p.float();
      expect(f >= 0 && f < 1).toBe(true);
      buckets[Math.floor(f * 10)]! += 1;
    }
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });
});
