import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DatasetSink } from './sink';

/** Writes generated files under `root`, creating folders as needed (existing files are replaced). */
export function directorySink(root: string): DatasetSink {
  return {
    async open(relativePath) {
      const path = join(root, relativePath);
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'w');
      return {
        write: async (chunk) => {
          await handle.write(chunk);
        },
        close: () => handle.close(),
      };
    },
  };
}

/** Keeps generated files in memory (tests) or, with `keep: false`, only counts them (benchmarks). */
export function memorySink(keep = true): DatasetSink & { files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  return {
    files,
    open(relativePath) {
      const chunks: Buffer[] = [];
      return Promise.resolve({
        write: (chunk) => {
          if (keep) chunks.push(Buffer.from(chunk));
          return Promise.resolve();
        },
        close: () => {
          files.set(relativePath, keep ? Buffer.concat(chunks) : Buffer.alloc(0));
          return Promise.resolve();
        },
      });
    },
  };
}
