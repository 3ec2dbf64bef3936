import { columnName, sourceContractSchema } from '../../../handlers/lib/contract/contract';
import { contractFor, UnknownContractError } from '../../../handlers/lib/contract/contracts';
import { csvColumnFor, parseCsvHeader } from '../../../handlers/lib/contract/staging-sql';

const APP_CONTRACT = contractFor('app');

describe('schema contracts', () => {
  it('flatten nested paths into column names joined by _', () => {
    const contract = contractFor('app');
    const names = contract.fields.map(columnName);
    expect(names).toEqual(expect.arrayContaining(['location_country', 'device_user_agent']));
    expect(names.slice(0, 4)).toEqual(['event_id', 'event_type', 'user_id', 'event_ts']);
  });

  it('declare the required fields of the app events source', () => {
    const required = contractFor('app')
      .fields.filter((f) => f.required)
      .map(columnName);
    expect(required).toEqual(['event_id', 'event_type', 'event_ts']);
  });

  it('apply the newest version configured for a source', () => {
    const v2 = {
      ...APP_CONTRACT,
      version: 2,
      fields: APP_CONTRACT.fields.slice(0, 4),
    };
    expect(contractFor('app', [APP_CONTRACT, v2]).version).toBe(2);
  });

  it('name the source when no contract is configured for it', () => {
    expect(() => contractFor('billing')).toThrow(UnknownContractError);
    expect(() => contractFor('billing')).toThrow(
      'no schema contract is configured for source "billing"',
    );
  });

  it('refuse a contract whose dedup key is not a required string', () => {
    const bad = { ...APP_CONTRACT, dedupKey: 'user_id' };
    const result = sourceContractSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(
      'dedupKey user_id must be a required string',
    );
  });

  it('refuse timestamp formats on a non-timestamp field', () => {
    const fields = [
      ...APP_CONTRACT.fields,
      {
        path: ['x'],
        type: 'string' as const,
        required: false,
        timestampFormats: ['epoch_ms' as const],
      },
    ];
    expect(sourceContractSchema.safeParse({ ...APP_CONTRACT, fields }).success).toBe(false);
  });

  it('map CSV headers by column name or dotted path, any case', () => {
    const field = contractFor('app').fields.find((f) => columnName(f) === 'location_country')!;
    expect(csvColumnFor(field, ['Location.Country'])).toBe('Location.Country');
    expect(csvColumnFor(field, ['location_country'])).toBe('location_country');
    expect(csvColumnFor(field, ['country'])).toBeUndefined();
  });

  it('split a CSV header honouring quotes', () => {
    expect(parseCsvHeader('a, "b,c" ,"d""e"\r')).toEqual(['a', 'b,c', 'd"e']);
  });
});
