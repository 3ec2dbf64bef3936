import {
  quarantineDates,
  MAX_QUARANTINE_DATES,
} from '../../../../scripts/ops/report/quarantine-dates';
import { quarantineView } from '../../../../scripts/ops/report/quarantine-view';
import { SAMPLE_QUARANTINE } from '../../../fixtures/report-sample';
import { quarantineEntry } from '../../../fixtures/quarantine-entries';

describe('quarantineView', () => {
  const view = quarantineView(SAMPLE_QUARANTINE);

  it('lists files by date, undated last, each with its reason and what to do next', () => {
    expect(view.files.map((f) => [f.date, f.state])).toEqual([
      ['2026-11-20', 'released'],
      ['2026-11-21', 'awaiting release'],
      [null, 'key outside the layout'],
    ]);
    expect(view.files[0]!.action).toBe('released 2026-11-20T09:00:00.000Z as version v2');
    expect(view.files[1]!.action).toBe(
      "pipeline quarantine release 'raw/source=app/ingestion_date=2026-11-21/producer-eu-west-1-part-00017-of-00032.ndjson.gz'",
    );
    expect(view.files[0]!.reason).toBe('missing required header column event_id');
    expect(view.files[2]!.action).toMatch(/^upload the file again under raw\/source=/);
  });

  it('counts the files not released, per date', () => {
    expect(view.open).toBe(2);
    expect(view.openByDate).toEqual({ '2026-11-21': 1, '': 1 });
  });

  it('tells a file with no copy and one being released apart', () => {
    const v = quarantineView([
      quarantineEntry({ key: 'a', hasCopy: false }),
      quarantineEntry({ key: 'b', release: { state: 'RELEASING' } }),
    ]);
    expect(v.files.map((f) => [f.state, f.action])).toEqual([
      ['no copy kept', 'the producer must upload it again'],
      ['releasing', 'a release is in progress'],
    ]);
  });
});

describe('quarantineDates', () => {
  it('is every date from the first to the last of the report and the asked range', () => {
    expect(quarantineDates(['2026-11-20', '2026-11-18'], {})).toEqual([
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
    expect(quarantineDates([], { from: '2026-02-27', to: '2026-03-01' })).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(quarantineDates(['2026-11-19'], { to: '2026-11-20' })).toEqual([
      '2026-11-19',
      '2026-11-20',
    ]);
    expect(quarantineDates([], {})).toEqual([]);
  });

  it('keeps the newest dates of a very long span', () => {
    const dates = quarantineDates(['2020-01-01', '2026-11-20'], {});
    expect(dates).toHaveLength(MAX_QUARANTINE_DATES);
    expect(dates.at(-1)).toBe('2026-11-20');
  });
});
