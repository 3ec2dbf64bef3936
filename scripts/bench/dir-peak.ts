import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of a file, or of every file under a directory (0 when the path is gone). */
export function diskBytes(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    return 0; // removed between the stat and the listing
  }
  return names.reduce((n, name) => n + diskBytes(join(path, name)), 0);
}

/**
 * Samples the size of the paths a run writes (its database, spill and outputs) every `everyMs`
 * while it runs, so the bench can report the peak disk a run needs: what sizes a Lambda's
 * /tmp. `stop` returns the peak in bytes.
 */
export function watchDiskPeak(paths: readonly string[], everyMs = 200): { stop(): number } {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(
      peak,
      paths.reduce((n, p) => n + diskBytes(p), 0),
    );
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
