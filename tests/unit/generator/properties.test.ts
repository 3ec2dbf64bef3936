import fc from 'fast-check';
import { EVENT_TYPES } from '../../../scripts/generator/catalog';
import { memorySink } from '../../../scripts/generator/fs-sink';
import { generateDataset } from '../../../scripts/generator/generate-dataset';
import { contractProblem, csvRecord, parseJsonLine } from './contract-check';

/** Within four standard deviations of a binomial share, plus slack for tiny counts. */
const near = (observed: number, n: number, rate: number): boolean =>
  Math.abs(observed / n - rate) <= 4 * Math.sqrt((rate * (1 - rate)) / n) + 3 / n;

const rate = (max: number) => fc.double({ min: 0, max, noNaN: true });

describe('generator properties', () => {
  it('honours counts and rates, and every good line matches the contract while every bad one does not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 0, max: 1000 }),
          events: fc.integer({ min: 300, max: 3000 }),
          format: fc.constantFrom('ndjson' as const, 'csv' as const),
          duplicate: rate(0.1),
          badLine: rate(0.1),
          nullUser: rate(0.2),
          late: rate(0.3),
          unknownType: rate(0.1),
        }),
        async (o) => {
          const sink = memorySink();
          const s = await generateDataset(
            {
              seed: o.seed,
              source: 'app',
              dates: ['2026-11-20'],
              size: { events: o.events },
              fileBytes: 128 * 1024,
              format: o.format,
              rates: o,
            },
            sink,
          );
          const rows = [...sink.files.values()].flatMap((b) => {
            const all = b.toString('utf8').split('\n').filter(Boolean);
            return o.format === 'csv' ? all.slice(1) : all;
          });
          expect(rows.length).toBe(o.events);
          expect(s.counts.lines).toBe(o.events);
          const records = rows.map((r) => (o.format === 'csv' ? csvRecord(r) : parseJsonLine(r)));
          const good = records.filter(
            (r) => contractProblem(r, o.format === 'csv') === undefined,
          ) as Record<string, unknown>[];
          expect(rows.length - good.length).toBe(s.counts.badLines);
          const seen = new Set<unknown>();
          const originals = good.filter((r) => !seen.has(r.event_id) && seen.add(r.event_id));
          expect(originals.length).toBe(s.counts.events);
          expect(good.length - originals.length).toBe(s.counts.duplicates);
          const userOf = (r: Record<string, unknown>) => r.user_id;
          const nulls = originals.filter((r) => userOf(r) === null || userOf(r) === '').length;
          expect(nulls).toBe(s.counts.nullUserIds);
          const known = new Set<unknown>(EVENT_TYPES);
          expect(originals.filter((r) => !known.has(r.event_type)).length).toBe(
            s.counts.unknownTypes,
          );
          const tsOf = (r: Record<string, unknown>) => String(r.event_ts).slice(0, 10);
          expect(originals.filter((r) => tsOf(r) !== '2026-11-20').length).toBe(
            s.counts.lateEvents,
          );
          expect(near(s.counts.duplicates, o.events, o.duplicate)).toBe(true);
          expect(near(s.counts.badLines, o.events, o.badLine)).toBe(true);
          const events = s.counts.events;
          expect(near(s.counts.nullUserIds, events, o.nullUser)).toBe(true);
          expect(near(s.counts.lateEvents, events, o.late)).toBe(true);
          expect(near(s.counts.unknownTypes, events, o.unknownType)).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('writes round(rate x data files) bad files over the dataset', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (dates, badFile) => {
          const s = await generateDataset(
            {
              seed: 3,
              source: 'app',
              dates: Array.from({ length: dates }, (_, i) => `2026-11-${String(10 + i)}`),
              size: { events: 400 * dates },
              fileBytes: 64 * 1024,
              rates: { badFile },
              badFileKinds: ['empty'],
            },
            memorySink(false),
          );
          const data = s.files.filter((f) => f.kind === 'data').length;
          expect(s.files.length - data).toBe(Math.round(badFile * data));
        },
      ),
      { numRuns: 15 },
    );
  });
});
