import * as fs from 'node:fs';
import { unzipSync } from 'fflate';

/**
 * Lists the entry names of a zip without inflating any entry, so tests and checks can assert
 * what a Lambda asset contains (e.g. the native DuckDB binding) in milliseconds.
 */
export function zipEntryNames(zipPath: string): string[] {
  const names: string[] = [];
  unzipSync(fs.readFileSync(zipPath), {
    filter: (file) => {
      names.push(file.name);
      return false;
    },
  });
  return names.sort();
}
