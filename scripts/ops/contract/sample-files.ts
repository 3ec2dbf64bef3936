import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../../cli/cli-error';

const DATA_FILE = /\.(ndjson|jsonl|json|csv)(\.gz)?$/i;

/** The data files named, folders walked (sorted), so `infer data/` reads a whole sample tree. */
export function sampleFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string): void => {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new CliError(`${p} does not exist; give sample files or folders of them`);
    }
    if (!isDir) {
      out.push(p);
      return;
    }
    for (const name of readdirSync(p).sort()) {
      const child = join(p, name);
      if (statSync(child).isDirectory() || DATA_FILE.test(name)) visit(child);
    }
  };
  paths.forEach(visit);
  if (out.length === 0) {
    throw new CliError(`no .ndjson, .jsonl, .json or .csv files in ${paths.join(', ')}`);
  }
  return out;
}
