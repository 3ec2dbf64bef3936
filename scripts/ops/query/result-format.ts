import type { Json } from '@duckdb/node-api';
import type { QueryResult } from './run-query';

/** Output formats of `pipeline query`. */
export const QUERY_FORMATS = ['table', 'json', 'csv'] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

/** Widest cell of the table format; longer values (e.g. `_doc`) end in an ellipsis. */
export const MAX_CELL_WIDTH = 60;

const cellText = (v: Json): string =>
  v === null ? 'NULL' : typeof v === 'string' ? v : JSON.stringify(v);

const oneLine = (s: string): string => s.replace(/\r?\n/g, '\\n').replace(/\t/g, ' ');

const clip = (s: string): string =>
  s.length > MAX_CELL_WIDTH ? `${s.slice(0, MAX_CELL_WIDTH - 1)}…` : s;

/**
 * Aligned columns for a person at a terminal: numbers right-aligned, NULL spelled out, long
 * values clipped (use --json or --csv for the full values), and a row count at the end.
 */
export function formatTable(result: QueryResult): string {
  const header = result.columns.map((c) => c.name);
  const body = result.rows.map((row) => row.map((v) => clip(oneLine(cellText(v)))));
  const numeric = result.columns.map((_, i) =>
    result.rows.every((row) => row[i] === null || typeof row[i] === 'number'),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), count]
    .map((l) => `${l}\n`)
    .join('');
}

/** Rows as JSON objects keyed by column name: what scripts read. */
export function formatJson(result: QueryResult): string {
  const objects = result.rows.map((row) =>
    Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null])),
  );
  return `${JSON.stringify(objects, null, 2)}\n`;
}

const csvCell = (v: Json): string => {
  if (v === null) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180 CSV with a header row; NULL is an empty cell, nested values are JSON. */
export function formatCsv(result: QueryResult): string {
  const lines = [
    result.columns.map((c) => csvCell(c.name)),
    ...result.rows.map((row) => row.map(csvCell)),
  ];
  return lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}

/** The result in the chosen format. */
export function formatResult(result: QueryResult, format: QueryFormat): string {
  if (format === 'json') return formatJson(result);
  if (format === 'csv') return formatCsv(result);
  return formatTable(result);
}
