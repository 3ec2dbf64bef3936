import { APP_EVENTS_CONTRACT_V1 } from '../../handlers/lib/contract/app-events-contract';
import { GLUE_TYPES } from '../../handlers/lib/contract/column-types';
import {
  columnName,
  LINEAGE_COLUMNS,
  sourceContractSchema,
} from '../../handlers/lib/contract/contract';

/** A column of the curated events table. */
export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

const contract = sourceContractSchema.parse(APP_EVENTS_CONTRACT_V1);

/**
 * Columns of the curated Parquet files as the Glue catalog declares them, derived from the app
 * events schema contract the transform writes with (one column per flattened leaf, in contract
 * order, then the original record and the lineage columns), so the two cannot drift.
 */
export const EVENTS_COLUMNS: readonly CatalogColumn[] = [
  ...contract.fields.map((f) => ({
    name: columnName(f),
    type: GLUE_TYPES[f.type],
    comment: f.description,
  })),
  {
    name: LINEAGE_COLUMNS.doc,
    type: 'string',
    comment: 'The original record, verbatim (CSV rows as a JSON object of their cells).',
  },
  {
    name: LINEAGE_COLUMNS.sourceFile,
    type: 'string',
    comment: 'Raw object key the row came from.',
  },
  {
    name: LINEAGE_COLUMNS.manifestId,
    type: 'string',
    comment: 'Manifest (or rebuild generation) that wrote the row.',
  },
  {
    name: LINEAGE_COLUMNS.ingestedAt,
    type: 'timestamp',
    comment: 'When the manifest was created (UTC); fixed per manifest.',
  },
];

/** Partition column of the curated table (also the directory name in the curated prefix). */
export const PARTITION_COLUMN = 'ingestion_date';
