import { parseMaintenanceConfig } from '../../../handlers/maintenance/config';
import {
  compactionRecord,
  compactionRunId,
  needsCompaction,
} from '../../../handlers/maintenance/maintenance';
import { commitRecordSchema } from '../../../handlers/lib/tracking/commit-log';

describe('needsCompaction', () => {
  it.each([
    [{ dataFiles: 1, deleteFiles: 0 }, false],
    [{ dataFiles: 0, deleteFiles: 0 }, false],
    [{ dataFiles: 2, deleteFiles: 0 }, true],
    [{ dataFiles: 1, deleteFiles: 1 }, true],
  ])('%j -> %s', (files, expected) => {
    expect(needsCompaction({ date: '2026-11-20', ...files })).toBe(expected);
  });
});

describe('compactionRecord', () => {
  it('records the same rows added and removed, kind compact, no DQ inputs, a valid ledger record', () => {
    const record = compactionRecord(
      'app',
      'compact-2026-11-20-0a1b2c3d',
      {
        date: '2026-11-20',
        committed: true,
        rows: 98,
        dataFilesBefore: 20,
        deleteFilesBefore: 2,
        dataFilesAfter: 1,
        deleteFilesAfter: 0,
        parentSnapshotId: '8882904968115537225',
        snapshotId: '1',
      },
      new Date('2026-11-21T03:00:00Z'),
    );
    expect(commitRecordSchema.parse(record)).toEqual({
      source: 'app',
      ingestionDate: '2026-11-20',
      runId: 'compact-2026-11-20-0a1b2c3d',
      kind: 'compact',
      parentSnapshotId: '8882904968115537225',
      committedAt: '2026-11-21T03:00:00.000Z',
      rowsAdded: 98,
      rowsRemoved: 98,
      rowsRead: 0,
      rejectedRows: 0,
      acceptedRows: 0,
      duplicateRows: 0,
    });
  });

  it('names each run after its date, uniquely', () => {
    expect(compactionRunId('2026-11-20')).toMatch(/^compact-2026-11-20-[0-9a-f]{8}$/);
    expect(compactionRunId('2026-11-20')).not.toBe(compactionRunId('2026-11-20'));
  });
});

describe('parseMaintenanceConfig', () => {
  const env = {
    PIPELINE_ENV: 'dev',
    LOG_LEVEL: 'INFO',
    ICEBERG_NAMESPACE: 'pipeline_dev_catalog',
    CURATED_BUCKET: 'pipeline-dev-curated',
    METRICS_TABLE: 'pipeline-dev-metrics',
  };

  it('applies the defaults and reads the command as a JSON array', () => {
    const c = parseMaintenanceConfig({
      ...env,
      ICEBERG_MAINTENANCE_COMMAND: '["/v/bin/python", "/p/m.py"]',
    });
    expect(c.command).toEqual(['/v/bin/python', '/p/m.py']);
    expect(c.settings).toEqual({
      targetFileSizeBytes: 128 * 1024 * 1024,
      snapshotRetentionHours: 120,
      orphanMinAgeHours: 72,
      quietMinutes: 60,
    });
  });

  it('refuses an orphan age under a day and a command that is not a JSON array, naming them', () => {
    expect(() => parseMaintenanceConfig({ ...env, ORPHAN_MIN_AGE_HOURS: '1' })).toThrow(
      /ORPHAN_MIN_AGE_HOURS/,
    );
    expect(() =>
      parseMaintenanceConfig({ ...env, ICEBERG_MAINTENANCE_COMMAND: 'python m.py' }),
    ).toThrow(/ICEBERG_MAINTENANCE_COMMAND: must be a JSON array of strings/);
  });
});
