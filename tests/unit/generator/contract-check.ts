/** Checks a parsed record against the app events contract, the way the transform reads it. */
import { contractFor } from '../../../handlers/lib/contract/contracts';
import { CSV_COLUMNS } from '../../../scripts/generator/encoders';

const APP_CONTRACT = contractFor('app');

const ISO_OFFSET =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$/;

type Field = (typeof APP_CONTRACT.fields)[number];

function valueOk(field: Field, v: unknown, fromCsv: boolean): boolean {
  if (fromCsv && typeof v === 'string') {
    switch (field.type) {
      case 'integer':
        return /^-?\d+$/.test(v);
      case 'double':
        return v.trim() !== '' && Number.isFinite(Number(v));
      case 'boolean':
        return v === 'true' || v === 'false';
      case 'string_list':
        return Array.isArray(JSON.parse(v));
      default:
        break;
    }
  }
  switch (field.type) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return Number.isInteger(v);
    case 'double':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'timestamp':
      return typeof v === 'string' && ISO_OFFSET.test(v) && !Number.isNaN(Date.parse(v));
    case 'string_list':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
}

const at = (record: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>(
    (o, k) =>
      o !== null && typeof o === 'object' && !Array.isArray(o)
        ? (o as Record<string, unknown>)[k]
        : undefined,
    record,
  );

/** Why a record breaks the contract, or undefined when the transform accepts it. */
export function contractProblem(record: unknown, fromCsv = false): string | undefined {
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    return 'not an object';
  for (const field of APP_CONTRACT.fields) {
    const v = fromCsv
      ? (record as Record<string, string>)[field.path.join('_')]
      : at(record, field.path);
    const missing = v === undefined || v === null || (fromCsv && v === '');
    if (missing) {
      if (field.required) return `missing ${field.path.join('.')}`;
      continue;
    }
    if (!valueOk(field, v, fromCsv)) return `bad ${field.path.join('.')}: ${JSON.stringify(v)}`;
  }
  return undefined;
}

/** Parses one NDJSON line; undefined when it is not JSON. */
export function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/** Splits one CSV row (RFC 4180 quoting, no embedded newlines) into cells. */
export function csvCells(row: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < row.length; i += 1) {
    const ch = row[i]!;
    if (quoted) {
      if (ch === '"' && row[i + 1] === '"') {
        cur += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/** A CSV data row as a record keyed by the header's column names. */
export function csvRecord(row: string): Record<string, string> {
  const cells = csvCells(row);
  return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, cells[i] ?? '']));
}
