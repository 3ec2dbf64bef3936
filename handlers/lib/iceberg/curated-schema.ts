import { DUCKDB_TYPES, type CuratedColumnType } from '../contract/column-types';
import { columnName, LINEAGE_COLUMNS, type SourceContract } from '../contract/contract';

/** Column of every curated table that its partition spec is on (identity transform). */
export const PARTITION_COLUMN = 'ingestion_date';

/**
 * Line of the row in its raw file: with the event time and the file, the total order that
 * decides which copy of a duplicated event the date keeps, whatever order manifests commit in.
 */
export const SOURCE_LINE_COLUMN = '_source_line';

/** One column of a curated table, as DuckDB writes it and as Iceberg declares it. */
export interface CuratedColumn {
  readonly name: string;
  readonly contractType: CuratedColumnType;
  readonly duckdbType: string;
  readonly doc: string;
}

/**
 * The columns of a source's curated table, in order: one per contract leaf, the original record,
 * the lineage columns, and the partition column. Every writer and reader derives from this list,
 * so the table, the transform's SQL and the Glue/Athena view cannot drift apart.
 */
export function curatedColumns(contract: SourceContract): CuratedColumn[] {
  return [
    ...contract.fields.map((f) => ({
      name: columnName(f),
      contractType: f.type,
      duckdbType: DUCKDB_TYPES[f.type],
      doc: f.description,
    })),
    {
      name: LINEAGE_COLUMNS.doc,
      contractType: 'string',
      duckdbType: 'VARCHAR',
      doc: 'The original record, verbatim (CSV rows as a JSON object of their cells).',
    },
    {
      name: LINEAGE_COLUMNS.sourceFile,
      contractType: 'string',
      duckdbType: 'VARCHAR',
      doc: 'Raw object key the row came from.',
    },
    {
      name: LINEAGE_COLUMNS.manifestId,
      contractType: 'string',
      duckdbType: 'VARCHAR',
      doc: 'Manifest (or rebuild) whose commit wrote the row.',
    },
    {
      name: LINEAGE_COLUMNS.ingestedAt,
      contractType: 'timestamp',
      duckdbType: 'TIMESTAMP',
      doc: 'When the manifest was created (UTC); fixed per manifest.',
    },
    {
      name: SOURCE_LINE_COLUMN,
      contractType: 'integer',
      duckdbType: 'BIGINT',
      doc: 'Line of the raw file the row came from (CSV: counting the header).',
    },
    {
      name: PARTITION_COLUMN,
      contractType: 'date',
      duckdbType: 'DATE',
      doc: 'Ingestion date of the raw file (the partition).',
    },
  ];
}

type IcebergType =
  string | { type: 'list'; 'element-id': number; element: string; 'element-required': boolean };

/** The Iceberg schema (REST catalog JSON) of a source's curated table: all columns optional. */
export function icebergSchema(contract: SourceContract): {
  type: 'struct';
  'schema-id': number;
  fields: { id: number; name: string; required: boolean; type: IcebergType; doc: string }[];
} {
  const columns = curatedColumns(contract);
  let nextId = columns.length + 1;
  const typeOf = (t: CuratedColumn['contractType']): IcebergType => {
    switch (t) {
      case 'string':
        return 'string';
      case 'integer':
        return 'long';
      case 'double':
        return 'double';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'timestamp';
      case 'date':
        return 'date';
      case 'string_list':
        return {
          type: 'list',
          'element-id': nextId++,
          element: 'string',
          'element-required': false,
        };
    }
  };
  return {
    type: 'struct',
    'schema-id': 0,
    fields: columns.map((c, i) => ({
      id: i + 1,
      name: c.name,
      required: false,
      type: typeOf(c.contractType),
      doc: c.doc,
    })),
  };
}
