import { resourceNames } from '../../../../handlers/lib/names';
import {
  EVENTS_VIEW,
  oneLineSqlMessage,
  queryViews,
  viewSql,
} from '../../../../scripts/ops/query/run-query';

const names = resourceNames('pipeline', 'dev');

describe('queryViews', () => {
  it('exposes each source under its table name and the app source as events too', () => {
    expect(queryViews(names).map((v) => [v.name, v.ref.table])).toEqual([
      [EVENTS_VIEW, 'app'],
      ['app', 'app'],
    ]);
  });
});

describe('viewSql', () => {
  const [events] = queryViews(names);
  it('reads the table through the catalog, at a past state when asked', () => {
    expect(viewSql(events!)).toBe(
      'CREATE OR REPLACE TEMP VIEW "events" AS SELECT * FROM lake."pipeline_dev_catalog"."app"',
    );
    expect(viewSql(events!, { kind: 'snapshot', snapshotId: '42' })).toMatch(
      / AT \(VERSION => 42\)$/,
    );
    expect(viewSql(events!, { kind: 'time', at: new Date('2026-11-20T12:00:00.5Z') })).toMatch(
      / AT \(TIMESTAMP => TIMESTAMP '2026-11-20 12:00:00\.500'\)$/,
    );
  });
});

describe('oneLineSqlMessage', () => {
  it('keeps the first line of DuckDB message, without the caret picture', () => {
    const err = new Error(
      'Parser Error: syntax error at or near "SELEC"\n\nLINE 1: SELEC count(*)\n        ^',
    );
    expect(oneLineSqlMessage(err)).toBe('Parser Error: syntax error at or near "SELEC"');
  });
});
