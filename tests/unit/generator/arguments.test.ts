import { CliError } from '../../../scripts/cli/cli-error';
import { parseCount, parseDates, parseRate, parseSize } from '../../../scripts/generator/arguments';

describe('generator arguments', () => {
  it('reads dates as one day, a list or an inclusive range across month ends', () => {
    expect(parseDates('2026-11-20')).toEqual(['2026-11-20']);
    expect(parseDates('2026-02-27..2026-03-01')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(parseDates('2026-11-01,2026-11-05..2026-11-06')).toEqual([
      '2026-11-01',
      '2026-11-05',
      '2026-11-06',
    ]);
  });

  it.each([
    ['2026-02-30', /"2026-02-30" is not a calendar date/],
    ['2026-13-01', /not a calendar date/],
    ['20261101', /not a calendar date/],
    ['2026-11-03..2026-11-01', /ends before it starts/],
    ['2026-11-01,2026-11-01', /listed twice/],
    ['2000-01-01..2030-01-01', /more than 3660 dates/],
  ])('rejects --dates %s with a one-line reason', (spec, reason) => {
    expect(() => parseDates(spec)).toThrow(CliError);
    expect(() => parseDates(spec)).toThrow(reason);
  });

  it('reads sizes with decimal and binary units', () => {
    expect(parseSize('512', '--bytes')).toBe(512);
    expect(parseSize('64KiB', '--bytes')).toBe(65_536);
    expect(parseSize('10MB', '--bytes')).toBe(10_000_000);
    expect(parseSize('1.5GiB', '--bytes')).toBe(1_610_612_736);
    expect(() => parseSize('-5MB', '--file-size')).toThrow(/--file-size must be a size/);
    expect(() => parseSize('10 parsecs', '--bytes')).toThrow(CliError);
  });

  it('reads rates as fractions or percentages and refuses anything outside 0..1', () => {
    expect(parseRate('0.05', '--late-rate')).toBe(0.05);
    expect(parseRate('3%', '--null-user-rate')).toBeCloseTo(0.03);
    for (const bad of ['-0.1', '1.5', '150%', 'often', ''])
      expect(() => parseRate(bad, '--duplicate-rate')).toThrow(
        /--duplicate-rate must be a fraction/,
      );
  });

  it('reads whole numbers within bounds', () => {
    expect(parseCount('42', '--seed')).toBe(42);
    expect(() => parseCount('0', '--events', 1)).toThrow(/--events must be a whole number from 1/);
    expect(() => parseCount('1e3', '--events', 1)).toThrow(CliError);
    expect(() => parseCount('-3', '--seed')).toThrow(CliError);
  });
});
