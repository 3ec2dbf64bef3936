import { contractFor } from '../../../../handlers/lib/contract/contracts';
import { columnName } from '../../../../handlers/lib/contract/contract';
import {
  curatedColumns,
  icebergSchema,
  PARTITION_COLUMN,
} from '../../../../handlers/lib/iceberg/curated-schema';

describe('curated table schema', () => {
  const contract = contractFor('app');

  it('has the contract columns in order, then _doc, lineage, the line and the partition column', () => {
    const names = curatedColumns(contract).map((c) => c.name);
    expect(names.slice(0, contract.fields.length)).toEqual(contract.fields.map(columnName));
    expect(names.slice(contract.fields.length)).toEqual([
      '_doc',
      '_source_file',
      '_manifest_id',
      '_ingested_at',
      '_source_line',
      PARTITION_COLUMN,
    ]);
  });

  it('declares an Iceberg type for every column with unique field ids, lists with their element id', () => {
    const schema = icebergSchema(contract);
    const ids = schema.fields.map((f) => f.id);
    const listIds = schema.fields.flatMap((f) =>
      typeof f.type === 'object' ? [f.type['element-id']] : [],
    );
    expect(new Set([...ids, ...listIds]).size).toBe(ids.length + listIds.length);
    const typeOf = Object.fromEntries(schema.fields.map((f) => [f.name, f.type]));
    expect(typeOf).toMatchObject({
      event_id: 'string',
      event_ts: 'timestamp',
      engagement_clicks: 'long',
      location_latitude: 'double',
      session_is_new: 'boolean',
      ingestion_date: 'date',
      properties_tags: { type: 'list', element: 'string' },
    });
  });
});
