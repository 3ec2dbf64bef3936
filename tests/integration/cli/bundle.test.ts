/** The CLI bundle `npm run bootstrap` builds answers as the TypeScript sources do. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildCliBundle } from '../../../scripts/build/cli-bundle';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';

const BUNDLE_DIR = join(PROJECT_ROOT, '.build', 'cli');

function cli(args: readonly string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

describe('the CLI bundle', () => {
  beforeAll(async () => {
    await buildCliBundle();
  });

  it.each([[['--help']], [['run', '--help']], [['--version']]])(
    'prints what the sources print for %j, loading the bundle',
    (args) => {
      const trace = join(PROJECT_ROOT, 'tests', 'integration', 'cli', 'trace-loads.cjs');
      const bundled = cli(args, { NODE_OPTIONS: `-r ${trace}` });
      const sources = cli(args, { PIPELINE_CLI_TSX: '1' });
      expect(bundled.status).toBe(0);
      expect(bundled.stdout).toBe(sources.stdout);
      expect(bundled.stdout.length).toBeGreaterThan(0);
      // The bundle ran (not tsx), and no heavy package was loaded just to print this.
      const loaded = bundled.stderr.split('\n').filter(Boolean);
      expect(loaded).toContain(join(BUNDLE_DIR, 'pipeline.cjs'));
      expect(loaded.filter((l) => /@aws-sdk|@duckdb|avsc|tsx/.test(l))).toEqual([]);
    },
  );
});
