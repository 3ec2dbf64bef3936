import fc from 'fast-check';
import { selectDates } from '../../../../scripts/ops/status/date-window';

const dateArb = fc
  .date({
    min: new Date('2024-01-01T00:00:00Z'),
    max: new Date('2027-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

describe('status date window', () => {
  it('shows the most recent dates by default, oldest first', () => {
    const open = ['2026-11-03', '2026-11-01', '2026-11-02', '2026-11-04'];
    expect(selectDates(open, { days: 2 })).toEqual(['2026-11-03', '2026-11-04']);
    expect(selectDates(open, { days: 10 })).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
    ]);
  });

  it('with bounds, shows exactly the dates within them, whatever --days says', () => {
    fc.assert(
      fc.property(fc.array(dateArb), dateArb, dateArb, (open, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const picked = selectDates(open, { from, to, days: 1 });
        expect(picked).toEqual([...new Set(open)].filter((d) => d >= from && d <= to).sort());
      }),
    );
  });

  it('with only --from, shows every later date', () => {
    expect(selectDates(['2026-11-01', '2026-11-09'], { from: '2026-11-02', days: 1 })).toEqual([
      '2026-11-09',
    ]);
  });
});
