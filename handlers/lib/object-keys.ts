import { PREFIXES } from './names';

/**
 * Object keys the pipeline writes, derived from the ingestion date and the manifest id, so the
 * builder, the transform, the CLI and the tests agree on every path, and a rerun of the same
 * manifest writes the same keys (overwrite, never append).
 */
export const objectKeys = {
  /** Folder of one source's files for one ingestion date (raw bucket), as producers write them. */
  rawPartition: (source: string, date: string): string =>
    `${PREFIXES.raw}source=${source}/ingestion_date=${date}/`,
  /** A producer's file (raw bucket): the layout the manifest builder parses. */
  raw: (source: string, date: string, fileName: string): string =>
    `${PREFIXES.raw}source=${source}/ingestion_date=${date}/${fileName}`,
  /** The manifest document (artifacts bucket). */
  manifest: (date: string, manifestId: string): string =>
    `${PREFIXES.manifests}ingestion_date=${date}/${manifestId}.json`,
  /** Curated Parquet of one manifest (curated bucket). */
  curatedPart: (date: string, manifestId: string, extension = 'parquet'): string =>
    `${PREFIXES.curated}ingestion_date=${date}/part-${manifestId}.${extension}`,
  /** Prefix of one date's curated partition (curated bucket). */
  curatedPartition: (date: string): string => `${PREFIXES.curated}ingestion_date=${date}/`,
  /** Curated Avro of one manifest (curated bucket), when OUTPUT_FORMATS includes avro. */
  curatedAvroPart: (date: string, manifestId: string): string =>
    `${PREFIXES.curatedAvro}ingestion_date=${date}/part-${manifestId}.avro`,
  /** Prefix of one date's curated Avro partition (curated bucket). */
  curatedAvroPartition: (date: string): string => `${PREFIXES.curatedAvro}ingestion_date=${date}/`,
  /** Rejected rows of one manifest with their reasons (artifacts bucket). */
  rejects: (date: string, manifestId: string): string =>
    `${PREFIXES.rejects}ingestion_date=${date}/${manifestId}.ndjson`,
  /** Metrics document of one run (artifacts bucket). */
  metrics: (date: string, manifestId: string): string =>
    `${PREFIXES.metrics}ingestion_date=${date}/${manifestId}.json`,
} as const;
