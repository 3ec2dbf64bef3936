/** The test suite's one time scale: parsed from its variable, or derived from the load. */
import {
  resolveTimeScale,
  TIME_SCALE_ENV,
  TimeScaleError,
  type MachineLoad,
} from '../../helpers/time-scale';

const idle: MachineLoad = { loadAverage: 0, cores: 2 };

describe('resolveTimeScale', () => {
  it.each([
    ['1', 1],
    ['2.5', 2.5],
    [' 4 ', 4],
    ['20', 20],
  ])('takes %j from the variable, whatever the load', (value, scale) => {
    const chosen = resolveTimeScale({ [TIME_SCALE_ENV]: value }, { loadAverage: 9, cores: 2 });
    expect(chosen).toEqual({ scale, reason: `from ${TIME_SCALE_ENV}` });
  });

  it.each(['abc', '0', '0.5', '-2', '21', 'Infinity', 'NaN', '3x'])(
    'refuses %j, naming the variable and the range',
    (value) => {
      const attempt = () => resolveTimeScale({ [TIME_SCALE_ENV]: value }, idle);
      expect(attempt).toThrow(TimeScaleError);
      expect(attempt).toThrow(
        `${TIME_SCALE_ENV} must be a number from 1 to 20 (a multiplier of every test deadline), not "${value}"`,
      );
    },
  );

  it('keeps the error context: which variable, which value', () => {
    try {
      resolveTimeScale({ [TIME_SCALE_ENV]: 'slow' }, idle);
      throw new Error('expected a TimeScaleError');
    } catch (err) {
      expect(err).toBeInstanceOf(TimeScaleError);
      expect((err as TimeScaleError).name).toBe('TimeScaleError');
      expect((err as TimeScaleError).context).toEqual({ variable: TIME_SCALE_ENV, value: 'slow' });
    }
  });

  it.each([
    [{ loadAverage: 0, cores: 2 }, 1],
    [{ loadAverage: 1, cores: 2 }, 1.5],
    [{ loadAverage: 4, cores: 2 }, 3],
    [{ loadAverage: 6.3, cores: 2 }, 4.2],
    [{ loadAverage: 40, cores: 2 }, 8],
    [{ loadAverage: 3, cores: 0 }, 4],
  ])(
    'derives the scale from the load when the variable is unset or blank: %j -> %d',
    (load, scale) => {
      for (const env of [{}, { [TIME_SCALE_ENV]: '' }]) {
        const chosen = resolveTimeScale(env, load);
        expect(chosen.scale).toBe(scale);
        expect(chosen.reason).toContain(`on ${load.cores} core(s)`);
        expect(chosen.reason).toContain(`set ${TIME_SCALE_ENV} to choose`);
      }
    },
  );
});
