import { quoteSnapshotIds } from '../../../../handlers/lib/iceberg/rest-catalog';
import type { CommitRecord } from '../../../../handlers/lib/tracking/commit-log';
import { formatHistory, joinHistory } from '../../../../scripts/ops/history/date-history';

const record = (runId: string, kind: CommitRecord['kind'], parent?: string): CommitRecord => ({
  source: 'app',
  ingestionDate: '2026-11-20',
  runId,
  kind,
  ...(parent ? { parentSnapshotId: parent } : {}),
  committedAt: `2026-11-20T10:00:0${runId.length % 10}.000Z`,
  rowsAdded: 5,
  rowsRemoved: kind === 'merge' ? 0 : 5,
  rowsRead: 5,
  rejectedRows: 0,
  acceptedRows: 5,
  duplicateRows: 0,
});

const snap = (id: string, parentId?: string, summary: Record<string, string> = {}) => ({
  snapshotId: id,
  ...(parentId ? { parentId } : {}),
  committedAt: '2026-11-20T10:00:00.000Z',
  summary,
});

describe('joinHistory', () => {
  it('finds a snapshot by the run id in its summary, else as the child of the parent it was prepared on', () => {
    const entries = joinHistory(
      [record('m-1', 'merge'), record('m-2', 'merge', '11'), record('c-1', 'compact', '22')],
      [snap('11'), snap('22', '11'), snap('33', '22', { 'pipeline.run-id': 'c-1' })],
    );
    expect(entries.map((e) => [e.runId, e.snapshotId])).toEqual([
      ['m-1', '11'],
      ['m-2', '22'],
      ['c-1', '33'],
    ]);
  });

  it('leaves the snapshot out when the table no longer has it (expired)', () => {
    expect(joinHistory([record('m-2', 'merge', '11')], [snap('33', '22')])[0]!.snapshotId).toBe(
      undefined,
    );
  });

  it('prints aligned columns with expired snapshots spelled out', () => {
    const text = formatHistory(joinHistory([record('m-2', 'merge', '11')], []));
    expect(text.split('\n')[0]).toMatch(/^time\s+source\s+kind\s+run\s+\+rows\s+-rows\s+snapshot$/);
    expect(text).toContain('(expired)');
  });
});

describe('quoteSnapshotIds', () => {
  it('keeps 64-bit snapshot ids exact by reading them as strings', () => {
    const json =
      '{"current-snapshot-id":8882904968115537225,"snapshots":[{"snapshot-id":8882904968115537225,"parent-snapshot-id": -1,"sequence-number":3}]}';
    expect(JSON.parse(quoteSnapshotIds(json))).toEqual({
      'current-snapshot-id': '8882904968115537225',
      snapshots: [
        { 'snapshot-id': '8882904968115537225', 'parent-snapshot-id': '-1', 'sequence-number': 3 },
      ],
    });
  });
});
