/** `pipeline alerts` on an emulator target: shows what the sensor and the transform published. */
import { ENV_VARS } from '../../../handlers/lib/names';
import { runSensor } from '../../../handlers/missing-data-sensor/sensor';
import { usePipeline } from '../../helpers/pipeline';
import { sensorDeps } from '../sensor/support';
import { cli } from './cli-support';

const pipeline = usePipeline();
const at = () => ['--target', 'endpoint', '--endpoint', pipeline().backend.target.endpoint];

describe('pipeline alerts', () => {
  it('shows a sensor alert with kind, subject, date and details, and keeps it', async () => {
    await runSensor(
      sensorDeps(pipeline(), new Date('2026-11-22T03:00:00Z'), {
        [ENV_VARS.sensorLookbackDays]: '1',
      }),
    );
    const text = cli('alerts', ...at());
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}missing_data {2}2026-11-21 {2}Missing data: app 2026-11-21 \(dev\)$/,
    );
    expect(text.stdout).toContain('    source: app');
    expect(text.stdout).toContain('    deadline: 2026-11-22T02:00:00.000Z');

    // Reading did not consume it: the JSON view shows the same alert.
    const json = cli('alerts', '--json', '--limit', '5', ...at());
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        kind: 'missing_data',
        subject: 'Missing data: app 2026-11-21 (dev)',
      }),
    ]);
  });

  it.each([
    [
      ['alerts', '--target', 'aws'],
      /^error: pipeline alerts reads the local alerts inbox .* subscribe to the SNS topic curated-pipeline-dev-alerts/,
    ],
    [['alerts', '--limit', '0'], /^error: --limit must be a whole number from 1 to 1000, not "0"$/],
    [['alerts'], /^error: the embedded emulator is not running; start it with: pipeline up$/],
    [
      ['redrive', '--queue', 'ingest', '--target', 'endpoint'],
      /^error: --target endpoint needs --endpoint/,
    ],
    [
      ['redrive', '--queue', 'other'],
      /^error: option '--queue <queue>' argument 'other' is invalid/,
    ],
    [
      ['quarantine', 'list', '--date', '2026-02-30'],
      /^error: --date must be a calendar date as YYYY-MM-DD, not "2026-02-30"$/,
    ],
    [['quarantine', 'release'], /^error: missing required argument 'key'/],
  ])('pipeline %j fails in one line, without a stack trace', (args, message) => {
    const result = cli(...args);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([['alerts'], ['redrive'], ['quarantine', 'list'], ['quarantine', 'release']])(
    'pipeline %s --help shows an example',
    (...args) => {
      const help = cli(...args, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Example:\n {2}pipeline /);
    },
  );
});
