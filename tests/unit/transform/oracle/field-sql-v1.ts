/**
 * The field typing and reasons as they were before the typing's shortcuts (`field-sql.ts`):
 * kept verbatim, and only here, as part of the staging oracle (see staging-sql-v1.ts).
 */
import {
  columnName,
  type ContractField,
  type TimestampFormat,
} from '../../../../handlers/lib/contract/contract';
import { sqlString } from '../../../../handlers/lib/contract/sql-text';

/**
 * SQL expressions of one contract field over its raw value: `text` is the value as VARCHAR
 * (NULL when absent or JSON null), `jsonType` its JSON type (`OBJECT`, `ARRAY`, `VARCHAR`,
 * `BIGINT`, ... or NULL for CSV cells, which are always text).
 */
export interface FieldInput {
  readonly text: string;
  readonly jsonType: string;
}

/** An ISO-8601 instant with its UTC offset; offsets beyond +-14:00 (`+25:00`) do not exist. */
const ISO_OFFSET = String.raw`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-](0\d|1[0-4])(:?[0-5]\d)?)$`;

/** Digits of an epoch value in each unit: the same window, 1973-03-03 to 2286-11-20. */
const EPOCH_DIGITS = { epoch_ms: '12,13', epoch_s: '9,10' } as const;

/** What each timestamp format accepts, in the words a reject reason gives. */
const FORMAT_HINTS: Readonly<Record<TimestampFormat, string>> = {
  iso8601_offset: 'iso8601_offset',
  epoch_ms: 'epoch_ms of 12-13 digits',
  epoch_s: 'epoch_s of 9-10 digits',
};

function timestampSql(text: string, format: TimestampFormat): string {
  switch (format) {
    case 'iso8601_offset':
      return `CASE WHEN regexp_matches(${text}, ${sqlString(ISO_OFFSET)}) THEN try_cast(${text} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' END`;
    case 'epoch_ms':
      return `CASE WHEN regexp_matches(${text}, '^\\d{${EPOCH_DIGITS.epoch_ms}}$') THEN epoch_ms(try_cast(${text} AS BIGINT)) END`;
    case 'epoch_s':
      return `CASE WHEN regexp_matches(${text}, '^\\d{${EPOCH_DIGITS.epoch_s}}$') THEN to_timestamp(try_cast(${text} AS BIGINT)) AT TIME ZONE 'UTC' END`;
  }
}

const notContainer = (jsonType: string): string =>
  `coalesce(${jsonType}, 'VARCHAR') NOT IN ('OBJECT', 'ARRAY')`;

/** A whole number, optionally written with a zero fraction (`2.0`): never rounded. */
const WHOLE_NUMBER = String.raw`^\s*-?\d+(\.0+)?\s*$`;

/**
 * The typed value of a field, or NULL when the raw value is absent or cannot be read exactly:
 * lenient where JSON is (a number written as a string casts), strict where the contract is (a
 * timestamp must carry a real offset or a declared epoch unit, an integer is never rounded
 * from 1.5, a double is finite, an object is never a string, a list holds only scalars).
 */
export function typedValueSql(field: ContractField, input: FieldInput): string {
  const { text, jsonType } = input;
  const scalar = notContainer(jsonType);
  switch (field.type) {
    case 'string':
      return `CASE WHEN ${scalar} THEN ${text} END`;
    case 'integer':
      return `CASE WHEN ${scalar} AND coalesce(${jsonType}, '') <> 'BOOLEAN' AND regexp_matches(${text}, ${sqlString(WHOLE_NUMBER)}) THEN try_cast(regexp_replace(trim(${text}), '\\.0+$', '') AS BIGINT) END`;
    case 'double': {
      const cast = `try_cast(${text} AS DOUBLE)`;
      return `CASE WHEN ${scalar} AND coalesce(${jsonType}, '') <> 'BOOLEAN' AND isfinite(${cast}) THEN ${cast} END`;
    }
    case 'boolean':
      return `CASE WHEN ${scalar} THEN try_cast(${text} AS BOOLEAN) END`;
    case 'timestamp': {
      const formats = field.timestampFormats ?? ['iso8601_offset'];
      const parts = formats.map((f) => timestampSql(text, f));
      const parsed = parts.length === 1 ? parts[0]! : `coalesce(${parts.join(', ')})`;
      return `CASE WHEN ${scalar} THEN ${parsed} END`;
    }
    case 'string_list':
      return `CASE WHEN json_valid(${text}) AND json_type(${text}) = 'ARRAY' AND NOT list_bool_or(list_transform(json_extract(${text}, '$[*]'), x -> json_type(x) IN ('OBJECT', 'ARRAY'))) IS TRUE THEN try_cast(CAST(${text} AS JSON) AS VARCHAR[]) END`;
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
      ? ` (${(field.timestampFormats ?? ['iso8601_offset']).map((f) => FORMAT_HINTS[f]).join(' or ')})`
      : '';
  const branches = [`WHEN ${input.text} IS NULL THEN ${whenMissing}`];
  // A blank required string is no value: two events keyed "" are not the same event.
  if (field.required && field.type === 'string') {
    branches.push(
      `WHEN regexp_matches(${input.text}, '^\\s*$') THEN ${sqlString(`${col}: required value is empty or blank`)}`,
    );
  }
  branches.push(
    `WHEN ${typed} IS NULL THEN ${sqlString(`${col}: cannot read `)} || ${shown} || ${sqlString(
      ` as ${field.type}${timestampHint}`,
    )}`,
  );
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
