/**
 * One setting for every deadline of the test suite. The suite's timeouts (jest's per-test
 * limit, drain bounds, CLI process limits, waits on conditions) are written for an idle
 * two-core machine and multiplied by this scale, so a loaded or shared CI runner gets
 * proportionally longer deadlines instead of failures on timing alone.
 *
 * Chosen once per run by jest.config.cjs and handed to the workers (and the CLI processes
 * tests start) through the environment, so every file of a run uses the same scale.
 */
import { cpus, loadavg } from 'node:os';

/** The user's choice of scale; when unset, it is derived from the load average. */
export const TIME_SCALE_ENV = 'PIPELINE_TEST_TIME_SCALE';

/** Bounds of the scale: never shorter than written, never more than 20 times longer. */
export const TIME_SCALE_MIN = 1;
export const TIME_SCALE_MAX = 20;
/** The load-derived scale stops here: past it the machine is too busy to test usefully. */
const LOAD_SCALE_MAX = 8;

/** A value of PIPELINE_TEST_TIME_SCALE that is not a number in the allowed range. */
export class TimeScaleError extends Error {
  override readonly name = 'TimeScaleError';
  readonly context: Readonly<{ variable: string; value: string }>;
  constructor(value: string) {
    super(
      `${TIME_SCALE_ENV} must be a number from ${TIME_SCALE_MIN} to ${TIME_SCALE_MAX} ` +
        `(a multiplier of every test deadline), not "${value}"`,
    );
    this.context = Object.freeze({ variable: TIME_SCALE_ENV, value });
  }
}

/** The scale of a run and why it was chosen (printed once per run). */
export interface TimeScale {
  readonly scale: number;
  readonly reason: string;
}

/** What the load-derived scale is computed from (os.loadavg()[0] and the core count). */
export interface MachineLoad {
  readonly loadAverage: number;
  readonly cores: number;
}

/**
 * The scale from `PIPELINE_TEST_TIME_SCALE` when set (validated, the error names it), else
 * from the one-minute load average per core: 1 + load per core, so an idle machine keeps the
 * written deadlines and a machine running twice as many processes as it has cores gets
 * three times as long; capped at 8. Rounded to one decimal so the printed value is the used one.
 */
export function resolveTimeScale(
  env: Readonly<Record<string, string | undefined>>,
  load: MachineLoad,
): TimeScale {
  const raw = env[TIME_SCALE_ENV];
  if (raw !== undefined && raw.trim() !== '') {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < TIME_SCALE_MIN || value > TIME_SCALE_MAX) {
      throw new TimeScaleError(raw);
    }
    return { scale: value, reason: `from ${TIME_SCALE_ENV}` };
  }
  const perCore = load.loadAverage / Math.max(1, load.cores);
  const scale = Math.round(Math.min(LOAD_SCALE_MAX, 1 + perCore) * 10) / 10;
  return {
    scale,
    reason: `from the load average ${load.loadAverage.toFixed(2)} on ${load.cores} core(s); set ${TIME_SCALE_ENV} to choose`,
  };
}

/** This machine's load right now. */
export function machineLoad(): MachineLoad {
  return { loadAverage: loadavg()[0] ?? 0, cores: cpus().length };
}

let current: TimeScale | undefined;

/** The scale of this run (jest.config.cjs sets the variable before workers start). */
export function timeScale(): TimeScale {
  current ??= resolveTimeScale(process.env, machineLoad());
  return current;
}

/**
 * `ms` multiplied by the run's scale: every deadline and timeout in tests/** goes through
 * this, so one setting stretches them all together on a busy machine.
 */
export function scaled(ms: number): number {
  return Math.round(ms * timeScale().scale);
}
