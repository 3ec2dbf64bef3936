import { stageReport } from '../../e2e/support/run-durations';
import type { InvocationRecord } from '../../../scripts/local/runtime/invocation';
import { phaseFigures, phaseReport, type TimedInvocation } from '../../e2e/support/phases';

const inv = (
  functionKey: InvocationRecord['functionKey'],
  endedAtMs: number,
  durationMs: number,
): TimedInvocation => ({
  record: {
    functionKey,
    trigger: 'sqs',
    event: {},
    outcome: { kind: 'ok', result: undefined },
    durationMs,
    deleted: [],
    failed: [],
  },
  endedAtMs,
});

describe('e2e phase figures', () => {
  const timed = [
    inv('manifestBuilder', 1_000, 500),
    inv('transform', 4_000, 2_000),
    inv('manifestBuilder', 2_500, 1_000),
    inv('transform', 6_000, 1_000),
  ];

  it('sums busy time per function and spans first start to last end', () => {
    expect(phaseFigures(timed, 'manifestBuilder')).toEqual({
      functionKey: 'manifestBuilder',
      invocations: 2,
      busyS: 1.5,
      spanS: 2,
    });
    expect(phaseFigures(timed, 'transform')).toMatchObject({ invocations: 2, busyS: 3, spanS: 4 });
    expect(phaseFigures([], 'transform')).toMatchObject({ invocations: 0, busyS: 0, spanS: 0 });
  });

  it('reports rates over the busy time and names the phase with the most of it', () => {
    const lines = phaseReport(
      [phaseFigures(timed, 'manifestBuilder'), phaseFigures(timed, 'transform')],
      { files: 30, mb: 6 },
    );
    expect(lines[0]).toContain('20.0 files/s  4.0 MB/s');
    expect(lines[1]).toContain('10.0 files/s  2.0 MB/s');
    expect(lines[2]).toBe('  bottleneck: transform (67% of the busy time)');
  });
});

describe("the transform's stage report", () => {
  it('gives each stage its seconds and its share of the runs, in run order', () => {
    expect(
      stageReport({ runs: 4, publish: 6, stage: 3, download: 1, evaluate: 0, total: 10 }),
    ).toBe(
      '  transform stages over 4 runs: download 1.0 s (10%), stage 3.0 s (30%), evaluate 0.0 s (0%), publish 6.0 s (60%); total 10.0 s',
    );
  });
});
