import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractFileError } from '../../../../handlers/lib/contract/contract-errors';
import { parseContractText } from '../../../../handlers/lib/contract/contract-file';
import { contractsDir, loadContractDir } from '../../../../handlers/lib/contract/contract-set';
import { columnName } from '../../../../handlers/lib/contract/contract';
import {
  CONTRACT_JSON_SCHEMA_FILE,
  contractJsonSchemaText,
} from '../../../../handlers/lib/contract/json-schema';

const ORDERS = `source: orders
version: 1
dedupKey: order_id
eventTime: placed_at
fields:
  - { path: order_id, type: string, required: true }
  - { path: placed_at, type: timestamp, required: true, timestampFormats: [epoch_s] }
  - { path: customer.id, column: customer_id, type: string, required: false }
dq:
  - { kind: min_rows, id: rows_present, min: 1 }
`;

describe('contract files', () => {
  it('reads nested paths, explicit column names and rules from YAML', () => {
    const c = parseContractText(ORDERS, 'contracts/orders.yaml');
    expect(c.fields.map(columnName)).toEqual(['order_id', 'placed_at', 'customer_id']);
    expect(c.fields[2]!.path).toEqual(['customer', 'id']);
    expect(c.unknownFields).toBe('keep');
    expect(c.dq).toEqual([{ kind: 'min_rows', id: 'rows_present', min: 1, severity: 'hard' }]);
  });

  it('names the file, the line and the field of a schema error in one line', () => {
    const bad = ORDERS.replace(
      'customer.id, column: customer_id, type: string',
      'customer.id, column: customer_id, type: strng',
    );
    expect(() => parseContractText(bad, 'contracts/orders.yaml')).toThrow(ContractFileError);
    expect(() => parseContractText(bad, 'contracts/orders.yaml')).toThrow(
      /^contracts\/orders\.yaml:8: fields\.2\.type: Invalid option/,
    );
  });

  it('names the line of a cross-field error (a rule on an undeclared column)', () => {
    const bad = `${ORDERS}  - { kind: max_null_rate, id: x_null, column: x, max: 0 }\n`;
    expect(() => parseContractText(bad, 'o.yaml')).toThrow(
      'o.yaml:11: dq.1.column: rule x_null names column x, which no field declares',
    );
  });

  it('names the line of a YAML syntax error and of an unknown key', () => {
    expect(() => parseContractText('source: [orders\n', 'o.yaml')).toThrow(
      /^o\.yaml:\d+: not valid YAML\/JSON/,
    );
    expect(() =>
      parseContractText(ORDERS.replace('version: 1', 'version: 1\nversoin: 2'), 'o.yaml'),
    ).toThrow(/^o\.yaml:1: \(top level\): Unrecognized key: "versoin"/);
  });

  it('reads JSON contract files with the same checks', () => {
    const json = JSON.stringify(parseContractText(ORDERS, 'o.yaml'), null, 2);
    expect(parseContractText(json, 'o.json').source).toBe('orders');
  });

  it('refuses a breaking version (a type change) and accepts an additive one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'contracts-'));
    try {
      writeFileSync(join(dir, 'orders.yaml'), ORDERS);
      const added = ORDERS.replace('version: 1', 'version: 2').replace(
        'dq:',
        '  - { path: total, type: double, required: false }\ndq:',
      );
      writeFileSync(join(dir, 'orders.v2.yaml'), added);
      expect(loadContractDir(dir).map((c) => c.version)).toEqual([2, 1]);
      writeFileSync(
        join(dir, 'orders.v3.yaml'),
        added
          .replace('version: 2', 'version: 3')
          .replace('total, type: double', 'total, type: string'),
      );
      expect(() => loadContractDir(dir)).toThrow(
        'breaking contract change: orders version 3 (after version 2) changes the type of total from double to string',
      );
      writeFileSync(join(dir, 'orders.v3.yaml'), ORDERS.replace('version: 1', 'version: 3'));
      expect(() => loadContractDir(dir)).toThrow(/removes field total/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publishes the JSON Schema generated from the zod schema (regenerate: npx tsx scripts/contract/write-json-schema.ts)', () => {
    const committed = readFileSync(join(contractsDir(), CONTRACT_JSON_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(contractJsonSchemaText());
  });
});
