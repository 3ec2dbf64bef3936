import fc from 'fast-check';
import { datesBetween } from '../../../../scripts/ops/backfill/dates';
import { planDates } from '../../../../scripts/ops/backfill/plan';
import { renderPlan } from '../../../../scripts/ops/backfill/render';

describe('backfill dates', () => {
  it('lists every calendar date inclusive, across month and leap-year ends', () => {
    expect(datesBetween('2028-02-27', '2028-03-01')).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
    expect(datesBetween('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
    expect(datesBetween('2026-11-02', '2026-11-01')).toEqual([]);
  });

  it('has one date per day, consecutive and unique', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 400 }),
        (start, span) => {
          const from = start.toISOString().slice(0, 10);
          const to = new Date(Date.parse(`${from}T00:00:00Z`) + span * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const dates = datesBetween(from, to);
          expect(dates).toHaveLength(span + 1);
          expect(dates[0]).toBe(from);
          expect(dates.at(-1)).toBe(to);
          expect(new Set(dates).size).toBe(dates.length);
        },
      ),
    );
  });
});

describe('backfill plan', () => {
  const dates = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
  const facts = new Map([
    ['2026-11-01', { files: 3, rebuiltAt: '2026-11-10T00:00:05.000Z' }],
    ['2026-11-02', { files: 2, rebuiltAt: '2026-11-09T00:00:00.000Z' }],
    ['2026-11-03', { files: 0 }],
    ['2026-11-04', { files: 5 }],
  ]);

  it('rebuilds every date with files when starting fresh', () => {
    expect(planDates(facts, dates, undefined).map((p) => p.action)).toEqual([
      'rebuild',
      'rebuild',
      'skip-no-files',
      'rebuild',
    ]);
  });

  it('when resuming, skips the dates rebuilt since the backfill started', () => {
    const plan = planDates(facts, dates, '2026-11-10T00:00:00.000Z');
    expect(plan.map((p) => [p.date, p.files, p.action])).toEqual([
      ['2026-11-01', 3, 'skip-rebuilt'],
      ['2026-11-02', 2, 'rebuild'],
      ['2026-11-03', 0, 'skip-no-files'],
      ['2026-11-04', 5, 'rebuild'],
    ]);
    const text = renderPlan(plan, '2026-11-10T00:00:00.000Z');
    expect(text).toMatch(/2026-11-01\s+3\s+skip: already rebuilt by this backfill/);
    expect(text).toContain(
      '2 of 4 date(s) would be rebuilt, one at a time; this resumes the backfill started at 2026-11-10T00:00:00.000Z',
    );
  });
});
