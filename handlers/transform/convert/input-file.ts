import { open } from 'node:fs/promises';
import type { LineReaderLimits } from '../../lib/contract/staging-sql';

/** Formats the transform reads; gzip is a property of the bytes, not of the format. */
export const INPUT_FORMATS = ['ndjson', 'json', 'csv'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** One raw object staged on local disk for DuckDB. */
export interface LocalInputFile {
  /** Position in the manifest; the tie-breaker of "first seen". */
  readonly idx: number;
  /** The raw object's S3 key: what lineage columns and rejects name. */
  readonly sourceKey: string;
  readonly path: string;
  readonly format: InputFormat;
  /** Whether the bytes are gzip (by their magic number, not the key's extension). */
  readonly gzip: boolean;
  readonly bytes: number;
}

/** How much of a raw file staging reads: the line reader's limits, and how far a gzip may expand. */
export interface StagingLimits extends LineReaderLimits {
  /** Most bytes a gzip file may expand to; past it, the file is refused (undefined: no limit). */
  readonly maxExpandedBytes?: number;
}

/** True when a file starts with the gzip magic number: how a gzip object is recognised. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * The format of a raw object from its key: `.csv` (optionally `.gz`) is CSV with a header row,
 * `.json` a JSON document (an array of records, one record, or JSON lines: see the staging of
 * `json` files), anything else (`.ndjson`, `.jsonl`, with or without `.gz`) NDJSON; the
 * manifest builder has already quarantined every other extension.
 */
export function formatOfKey(key: string): InputFormat {
  if (/\.csv(\.gz)?$/i.test(key)) return 'csv';
  return /\.json(\.gz)?$/i.test(key) ? 'json' : 'ndjson';
}
