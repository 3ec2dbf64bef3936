import type { FunctionKey } from '../../../handlers/lib/names';
import type { InvocationRecord } from '../../../scripts/local/runtime/invocation';

/** An invocation record with the wall-clock time (ms since the epoch) it was reported at. */
export interface TimedInvocation {
  readonly record: InvocationRecord;
  readonly endedAtMs: number;
}

/** One function's share of a drain: how often it ran, how long it was busy, over which span. */
export interface PhaseFigures {
  readonly functionKey: FunctionKey;
  readonly invocations: number;
  /** Sum of the invocations' durations: the work the function did, however it overlapped. */
  readonly busyS: number;
  /** From the first invocation's start to the last one's end: the phase's wall-clock span. */
  readonly spanS: number;
}

/**
 * The figures of one function from the drain's invocation records. Build and transform
 * interleave in one drain, so the drain's total time says nothing about which of them limits
 * the flow; the busy time per function does (a record's start is its end minus its duration).
 */
export function phaseFigures(
  timed: readonly TimedInvocation[],
  functionKey: FunctionKey,
): PhaseFigures {
  const of = timed.filter((t) => t.record.functionKey === functionKey);
  const busyMs = of.reduce((n, t) => n + t.record.durationMs, 0);
  const starts = of.map((t) => t.endedAtMs - t.record.durationMs);
  const ends = of.map((t) => t.endedAtMs);
  const spanMs = of.length === 0 ? 0 : Math.max(...ends) - Math.min(...starts);
  return { functionKey, invocations: of.length, busyS: busyMs / 1000, spanS: spanMs / 1000 };
}

/**
 * Report lines for the phases: per function its invocations, busy time and span, files/s and
 * MB/s over the busy time, and which phase is the bottleneck (the most busy time), so a change
 * shows where the processing time goes instead of one build+transform figure.
 */
export function phaseReport(
  phases: readonly PhaseFigures[],
  work: { readonly files: number; readonly mb: number },
): string[] {
  const rate = (n: number, s: number): string => (s > 0 ? (n / s).toFixed(1) : 'n/a');
  const lines = phases.map(
    (p) =>
      `  ${p.functionKey}: ${p.invocations} invocations, ${p.busyS.toFixed(1)} s busy over a ${p.spanS.toFixed(1)} s span, ` +
      `${rate(work.files, p.busyS)} files/s  ${rate(work.mb, p.busyS)} MB/s (busy)`,
  );
  const total = phases.reduce((n, p) => n + p.busyS, 0);
  const worst = [...phases].sort((a, b) => b.busyS - a.busyS)[0];
  if (worst && total > 0) {
    lines.push(
      `  bottleneck: ${worst.functionKey} (${((worst.busyS / total) * 100).toFixed(0)}% of the busy time)`,
    );
  }
  return lines;
}
