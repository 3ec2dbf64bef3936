import fc from 'fast-check';
import { deadlineOf, dueDates } from '../../../handlers/missing-data-sensor/expected-dates';

const yesterdayBy2 = { expectedDateLagDays: 1, cutoffUtc: '02:00', lookbackDays: 3 };

describe('dueDates', () => {
  it('is yesterday once the cutoff passed, the day before until then', () => {
    expect(dueDates(new Date('2026-11-22T02:00:00Z'), yesterdayBy2)).toEqual([
      '2026-11-21',
      '2026-11-20',
      '2026-11-19',
    ]);
    expect(dueDates(new Date('2026-11-22T01:59:59Z'), yesterdayBy2)[0]).toBe('2026-11-20');
  });

  it('crosses month and year ends and leap days', () => {
    const e = { ...yesterdayBy2, lookbackDays: 2 };
    expect(dueDates(new Date('2028-03-01T03:00:00Z'), e)).toEqual(['2028-02-29', '2028-02-28']);
    expect(dueDates(new Date('2027-01-01T05:00:00Z'), e)).toEqual(['2026-12-31', '2026-12-30']);
  });

  it('with lag 0 expects today after the cutoff', () => {
    const e = { expectedDateLagDays: 0, cutoffUtc: '18:30', lookbackDays: 1 };
    expect(dueDates(new Date('2026-11-22T18:30:00Z'), e)).toEqual(['2026-11-22']);
    expect(dueDates(new Date('2026-11-22T18:29:00Z'), e)).toEqual(['2026-11-21']);
  });

  it('returns exactly the dates whose deadline passed, latest first, consecutive', () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 30 }),
        time,
        fc.integer({ min: 1, max: 31 }),
        (now, lag, cutoff, lookback) => {
          const e = { expectedDateLagDays: lag, cutoffUtc: cutoff, lookbackDays: lookback };
          const dates = dueDates(now, e);
          expect(dates).toHaveLength(lookback);
          const [latest] = dates as [string];
          // The latest due date's deadline has passed; the next date's has not.
          expect(deadlineOf(latest, e).getTime()).toBeLessThanOrEqual(now.getTime());
          const next = new Date(Date.parse(`${latest}T00:00:00Z`) + 86_400_000);
          expect(deadlineOf(next.toISOString().slice(0, 10), e).getTime()).toBeGreaterThan(
            now.getTime(),
          );
          dates.forEach((d, i) => {
            if (i > 0) expect(Date.parse(dates[i - 1]!) - Date.parse(d)).toBe(86_400_000);
          });
        },
      ),
    );
  });
});

describe('deadlineOf', () => {
  it('is the cutoff time, lag days after the date', () => {
    expect(deadlineOf('2026-11-20', yesterdayBy2).toISOString()).toBe('2026-11-21T02:00:00.000Z');
  });
});
