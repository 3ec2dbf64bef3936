import { SingleBar, Presets } from 'cli-progress';

/**
 * A progress bar on an interactive terminal, one line per step elsewhere (CI logs, pipes), so
 * long steps always show they are moving.
 */
export function progress(
  total: number,
  label: string,
): { tick(detail: string): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let done = 0;
    return {
      tick: (detail) => process.stderr.write(`${label} ${++done}/${total} ${detail}\n`),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {detail}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { detail: '' });
  return { tick: (detail) => bar.increment({ detail }), stop: () => bar.stop() };
}
