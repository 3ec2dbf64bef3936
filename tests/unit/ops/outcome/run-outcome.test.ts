import type { OutcomeSnapshot } from '../../../../scripts/ops/outcome/outcome-snapshot';
import { outcomeLines } from '../../../../scripts/ops/outcome/outcome-lines';
import { runOutcome } from '../../../../scripts/ops/outcome/run-outcome';

const snapshot = (s: Partial<OutcomeSnapshot> = {}): OutcomeSnapshot => ({
  passedRuns: new Set(),
  heldRuns: new Map(),
  failedManifests: new Map(),
  quarantined: new Map(),
  dlqMessages: { ingest: 0, manifest: 0 },
  ...s,
});
const held = (date: string, runId: string) => ({
  date,
  runId,
  failedRules: ['user_id_null_rate'],
  reasons: ['user_id null rate 33% > 3%'],
});
const invocations = { total: 4, failed: 0 };

describe('runOutcome', () => {
  it('is 0 when everything new was curated, quarantined files included', () => {
    const after = snapshot({
      passedRuns: new Set(['2026-05-11/m-1', '2026-05-12/m-2']),
      quarantined: new Map([['raw/x.txt', { key: 'raw/x.txt', reason: 'bad-extension' }]]),
    });
    const o = runOutcome(snapshot(), after, invocations);
    expect(o).toMatchObject({ curatedRuns: 2, exitCode: 0 });
    expect(o.quarantined).toHaveLength(1);
    expect(outcomeLines(o).at(-1)).toBe('exit 0: all curated');
  });

  it('is 3 for a DQ hold, whose FAILED manifest is not counted again as a failure', () => {
    const after = snapshot({
      heldRuns: new Map([['2026-05-12/m-2', held('2026-05-12', 'm-2')]]),
      failedManifests: new Map([
        ['m-2', { date: '2026-05-12', manifestId: 'm-2', reason: 'user_id null rate' }],
      ]),
    });
    const o = runOutcome(snapshot(), after, invocations);
    expect(o).toMatchObject({ failedManifests: [], exitCode: 3 });
    expect(o.heldByDq.map((r) => r.runId)).toEqual(['m-2']);
  });

  it('counts only what the run added, and is 4 for a DLQ message whenever it arrived', () => {
    const before = snapshot({
      heldRuns: new Map([['2026-05-12/m-2', held('2026-05-12', 'm-2')]]),
      failedManifests: new Map([['m-9', { date: '2026-05-10', manifestId: 'm-9', reason: 'x' }]]),
      dlqMessages: { ingest: 1, manifest: 0 },
    });
    const after = snapshot({ ...before, dlqMessages: { ingest: 1, manifest: 0 } });
    const o = runOutcome(before, after, invocations);
    expect(o).toMatchObject({ heldByDq: [], failedManifests: [], exitCode: 4 });
    expect(outcomeLines(o)).toContain(
      '  1 message(s) in the ingest DLQ (pipeline redrive --queue ingest)',
    );
  });

  it('is 4 for a manifest that failed for another reason, even beside a DQ hold', () => {
    const after = snapshot({
      heldRuns: new Map([['2026-05-12/m-2', held('2026-05-12', 'm-2')]]),
      failedManifests: new Map([
        ['m-3', { date: '2026-05-13', manifestId: 'm-3', reason: 'no contract for source x' }],
      ]),
    });
    expect(runOutcome(snapshot(), after, invocations).exitCode).toBe(4);
  });
});
