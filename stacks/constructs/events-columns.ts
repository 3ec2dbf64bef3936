/** A column of the curated events table. */
export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/**
 * Columns of the curated Parquet files as the Glue catalog declares them. The transform's
 * schema contract (a later issue) must write exactly these; nested fields are flattened and the
 * original record is kept in `_doc`.
 */
export const EVENTS_COLUMNS: readonly CatalogColumn[] = [
  { name: 'event_id', type: 'string', comment: 'Unique event id (deduplication key).' },
  { name: 'event_type', type: 'string', comment: 'login, view_item, add_to_cart or purchase.' },
  { name: 'user_id', type: 'string', comment: 'User id; may be null (bounded by a DQ rule).' },
  { name: 'event_ts', type: 'timestamp', comment: 'When the event happened (UTC).' },
  { name: 'source', type: 'string', comment: 'Producer, from the raw key (source=...).' },
  { name: 'source_file', type: 'string', comment: 'Raw object key the row came from.' },
  { name: '_doc', type: 'string', comment: 'The original record as JSON.' },
];

/** Partition column of the curated table (also the directory name in the curated prefix). */
export const PARTITION_COLUMN = 'ingestion_date';
