import {
  AsOfError,
  asOfClause,
  parseAsOf,
  sourceRowsSql,
} from '../../../../handlers/lib/iceberg/table-reader';

const ref = { namespace: 'ns', table: 'app' };

describe('parseAsOf', () => {
  it('reads digits as a snapshot id, kept as text (64-bit ids do not fit a double)', () => {
    expect(parseAsOf('8882904968115537225')).toEqual({
      kind: 'snapshot',
      snapshotId: '8882904968115537225',
    });
  });

  it.each([
    ['2026-11-20T12:00:00Z', '2026-11-20T12:00:00.000Z'],
    ['2026-11-20T12:00:00', '2026-11-20T12:00:00.000Z'],
    ['2026-11-20 12:00', '2026-11-20T12:00:00.000Z'],
    ['2026-11-20T13:00:00+01:00', '2026-11-20T12:00:00.000Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
  ])('reads %s as a time, UTC unless it says otherwise', (value, iso) => {
    const asOf = parseAsOf(value);
    expect(asOf.kind === 'time' && asOf.at.toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2026-13-01T00:00:00Z', '12:00', ''])('refuses %j', (value) => {
    expect(() => parseAsOf(value)).toThrow(AsOfError);
  });
});

describe('asOfClause and sourceRowsSql', () => {
  it('is empty for the current state', () => {
    expect(asOfClause()).toBe('');
  });

  it('selects a date at a snapshot, in a deterministic order, without the excluded columns', () => {
    expect(
      sourceRowsSql(ref, {
        date: '2026-11-20',
        asOf: { kind: 'snapshot', snapshotId: '7' },
        exclude: ['_ingested_at'],
      }),
    ).toBe(
      `SELECT * EXCLUDE ("_ingested_at") FROM lake."ns"."app" AT (VERSION => 7) WHERE "ingestion_date" = DATE '2026-11-20' ORDER BY ALL`,
    );
  });
});
