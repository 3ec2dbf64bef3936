import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../scripts/emulator/paths';
import { scaled } from '../../helpers/time-scale';

const stateDir = mkdtempSync(join(tmpdir(), 'pipeline-ops-state-'));

/** Runs the `pipeline` CLI as a process (stdin not a terminal), in a private state directory. */
export function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts/bin/pipeline.cjs'), ...args], {
    encoding: 'utf8',
    input: '',
    env: {
      ...process.env,
      PIPELINE_STATE_DIR: stateDir,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    timeout: scaled(120_000),
  });
}
