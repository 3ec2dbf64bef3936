import { DUCKDB_TYPES } from './column-types';
import { columnName, type ContractField, type TimestampFormat } from './contract';
import { sqlString } from './sql-text';

/**
 * SQL expressions of one contract field over its raw value: `text` is the value as VARCHAR
 * (NULL when absent or JSON null), `jsonType` its JSON type (`OBJECT`, `ARRAY`, `VARCHAR`,
 * `BIGINT`, ... or NULL for CSV cells, which are always text).
 */
export interface FieldInput {
  readonly text: string;
  readonly jsonType: string;
}

const ISO_OFFSET = String.raw`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$`;

function timestampSql(text: string, format: TimestampFormat): string {
  switch (format) {
    case 'iso8601_offset':
      return `CASE WHEN regexp_matches(${text}, ${sqlString(ISO_OFFSET)}) THEN try_cast(${text} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' END`;
    case 'epoch_ms':
      return `CASE WHEN regexp_matches(${text}, '^-?\\d{1,15}$') THEN epoch_ms(try_cast(${text} AS BIGINT)) END`;
  }
}

const notContainer = (jsonType: string): string =>
  `coalesce(${jsonType}, 'VARCHAR') NOT IN ('OBJECT', 'ARRAY')`;

/**
 * The typed value of a field, or NULL when the raw value is absent or cannot be cast: lenient
 * where JSON is (a number written as a string casts), strict where the contract is (a timestamp
 * must carry its offset, an object is never a string).
 */
export function typedValueSql(field: ContractField, input: FieldInput): string {
  const { text, jsonType } = input;
  switch (field.type) {
    case 'string':
      return `CASE WHEN ${notContainer(jsonType)} THEN ${text} END`;
    case 'integer':
    case 'double':
      return `CASE WHEN ${notContainer(jsonType)} AND coalesce(${jsonType}, '') <> 'BOOLEAN' THEN try_cast(${text} AS ${DUCKDB_TYPES[field.type]}) END`;
    case 'boolean':
      return `CASE WHEN ${notContainer(jsonType)} THEN try_cast(${text} AS BOOLEAN) END`;
    case 'timestamp': {
      const formats = field.timestampFormats ?? ['iso8601_offset'];
      const parts = formats.map((f) => timestampSql(text, f));
      const parsed = parts.length === 1 ? parts[0]! : `coalesce(${parts.join(', ')})`;
      return `CASE WHEN ${notContainer(jsonType)} THEN ${parsed} END`;
    }
    case 'string_list':
      return `CASE WHEN json_valid(${text}) AND json_type(${text}) = 'ARRAY' THEN try_cast(CAST(${text} AS JSON) AS VARCHAR[]) END`;
  }
}

/**
 * Why a field's value rejects the row, or NULL when it is acceptable: missing while required,
 * not castable to the contract type, or outside the allowed values. Reasons name the column
 * and quote (a bounded prefix of) the value, so a person can find the problem in the raw file.
 */
export function fieldReasonSql(field: ContractField, input: FieldInput, typed: string): string {
  const col = columnName(field);
  const shown = `CASE coalesce(${input.jsonType}, '') WHEN 'OBJECT' THEN 'an object' WHEN 'ARRAY' THEN 'an array' ELSE '"' || left(${input.text}, 60) || '"' END`;
  const whenMissing = field.required ? sqlString(`missing required field ${col}`) : 'NULL';
  const timestampHint =
    field.type === 'timestamp'
      ? ` (${(field.timestampFormats ?? ['iso8601_offset']).join(' or ')})`
      : '';
  const branches = [
    `WHEN ${input.text} IS NULL THEN ${whenMissing}`,
    `WHEN ${typed} IS NULL THEN ${sqlString(`${col}: cannot read `)} || ${shown} || ${sqlString(
      ` as ${field.type}${timestampHint}`,
    )}`,
  ];
  if (field.allowed) {
    const list = field.allowed.map(sqlString).join(', ');
    branches.push(
      `WHEN CAST(${typed} AS VARCHAR) NOT IN (${list}) THEN ${sqlString(`${col}: `)} || ${shown} || ${sqlString(
        ` is not one of ${field.allowed.join(', ')}`,
      )}`,
    );
  }
  return `CASE ${branches.join(' ')} END`;
}
