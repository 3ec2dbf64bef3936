import { sinceLastReplace, type CommitRecord } from '../../../../handlers/lib/tracking/commit-log';

const rec = (runId: string, kind: CommitRecord['kind']): CommitRecord => ({
  source: 'app',
  ingestionDate: '2026-11-20',
  runId,
  kind,
  committedAt: `2026-11-20T00:00:0${runId.length}Z`,
  rowsAdded: 1,
  rowsRemoved: 0,
  rowsRead: 1,
  rejectedRows: 0,
  acceptedRows: 1,
  duplicateRows: 0,
});

describe('the DQ totals of a date count the commits since its last replace', () => {
  it('all merges when the date was never replaced', () => {
    const all = [rec('m1', 'merge'), rec('m2', 'merge')];
    expect(sinceLastReplace(all)).toEqual(all);
  });
  it('the last replace and what came after it, never a compaction', () => {
    const all = [
      rec('m1', 'merge'),
      rec('r1', 'replace'),
      rec('c1', 'compact'),
      rec('m2', 'merge'),
    ];
    expect(sinceLastReplace(all).map((r) => r.runId)).toEqual(['r1', 'm2']);
  });
});
