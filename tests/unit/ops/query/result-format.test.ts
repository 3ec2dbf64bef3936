import {
  MAX_CELL_WIDTH,
  formatCsv,
  formatJson,
  formatTable,
} from '../../../../scripts/ops/query/result-format';
import type { QueryResult } from '../../../../scripts/ops/query/run-query';

const result: QueryResult = {
  columns: [
    { name: 'ingestion_date', type: 'DATE' },
    { name: 'n', type: 'BIGINT' },
    { name: 'note', type: 'VARCHAR' },
  ],
  rows: [
    ['2026-11-20', 120, 'plain'],
    ['2026-11-21', 7, null],
    ['2026-11-22', 1234, 'has, comma and "quotes"\nand a newline'],
  ],
};

describe('query result formats', () => {
  it('table: aligned columns, numbers right-aligned, NULL spelled out, a row count', () => {
    expect(formatTable(result).split('\n')).toEqual([
      'ingestion_date     n  note',
      '--------------  ----  --------------------------------------',
      '2026-11-20       120  plain',
      '2026-11-21         7  NULL',
      '2026-11-22      1234  has, comma and "quotes"\\nand a newline',
      '(3 rows)',
      '',
    ]);
  });

  it('table: clips long values so one row stays one line', () => {
    const long = 'x'.repeat(500);
    const out = formatTable({ columns: [{ name: '_doc', type: 'VARCHAR' }], rows: [[long]] });
    const row = out.split('\n')[2]!;
    expect(row).toHaveLength(MAX_CELL_WIDTH);
    expect(row.endsWith('…')).toBe(true);
    expect(out).toContain('(1 row)');
  });

  it('json: one object per row keyed by column, nulls kept', () => {
    expect(JSON.parse(formatJson(result))).toEqual([
      { ingestion_date: '2026-11-20', n: 120, note: 'plain' },
      { ingestion_date: '2026-11-21', n: 7, note: null },
      { ingestion_date: '2026-11-22', n: 1234, note: 'has, comma and "quotes"\nand a newline' },
    ]);
  });

  it('csv: header row, RFC 4180 quoting, NULL as an empty cell, nested values as JSON', () => {
    expect(formatCsv(result)).toBe(
      'ingestion_date,n,note\r\n2026-11-20,120,plain\r\n2026-11-21,7,\r\n' +
        '2026-11-22,1234,"has, comma and ""quotes""\nand a newline"\r\n',
    );
    expect(
      formatCsv({ columns: [{ name: 'tags', type: 'VARCHAR[]' }], rows: [[['a', 'b']]] }),
    ).toBe('tags\r\n"[""a"",""b""]"\r\n');
  });
});
