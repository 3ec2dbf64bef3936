import { compactionLine } from '../../../../scripts/ops/compact/run-compact';

const base = {
  source: 'app',
  date: '2026-11-20',
  runId: 'compact-2026-11-20-0a1b2c3d',
  rows: 98,
  dataFilesBefore: 20,
  deleteFilesBefore: 2,
};

describe('compactionLine', () => {
  it('says what was rewritten into what, and the commit', () => {
    expect(
      compactionLine({
        ...base,
        committed: true,
        dataFilesAfter: 1,
        deleteFilesAfter: 0,
        snapshotId: '42',
      }),
    ).toBe(
      '2026-11-20 app: 20 data files + 2 delete files -> 1 data file + 0 delete files, 98 rows, snapshot 42 (run compact-2026-11-20-0a1b2c3d)',
    );
  });

  it('says when there was nothing to do', () => {
    expect(
      compactionLine({
        ...base,
        dataFilesBefore: 1,
        deleteFilesBefore: 0,
        committed: false,
        dataFilesAfter: 1,
        deleteFilesAfter: 0,
      }),
    ).toBe('2026-11-20 app: nothing to compact (1 data file + 0 delete files, 98 rows)');
  });
});
