/** The missing-data sensor on the embedded emulator: alerts once per source date, faults included. */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ENV_VARS } from '../../../handlers/lib/names';
import { objectKeys } from '../../../handlers/lib/object-keys';
import { ALERT_CLAIM_LEASE_SECONDS } from '../../../handlers/missing-data-sensor/dependencies';
import { runSensor } from '../../../handlers/missing-data-sensor/sensor';
import { usePipeline } from '../../helpers/pipeline';
import { sensorDeps, takeAlerts } from './support';

const pipeline = usePipeline();
const one = { [ENV_VARS.sensorLookbackDays]: '1' };
const crash = (): never => {
  throw new Error('injected crash');
};

beforeEach(async () => {
  await takeAlerts(pipeline());
});

describe('missing-data sensor', () => {
  it('alerts once for a missing date, however often it runs', async () => {
    const at = new Date('2026-11-22T03:00:00Z');
    const first = await runSensor(sensorDeps(pipeline(), at, one));
    expect(first.dates).toEqual([{ source: 'app', date: '2026-11-21', outcome: 'alerted' }]);
    const second = await runSensor(sensorDeps(pipeline(), new Date('2026-11-22T04:00:00Z'), one));
    expect(second.dates).toEqual([
      { source: 'app', date: '2026-11-21', outcome: 'already-alerted' },
    ]);
    expect(second.alertsSent).toBe(0);

    const alerts = await takeAlerts(pipeline());
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'missing_data',
      subject: 'Missing data: app 2026-11-21 (dev)',
      details: {
        source: 'app',
        ingestionDate: '2026-11-21',
        deadline: '2026-11-22T02:00:00.000Z',
        prefix: objectKeys.rawPartition('app', '2026-11-21'),
      },
    });
  });

  it('alerts separately for the next date, and not again for the one already alerted', async () => {
    const at = new Date('2026-11-23T03:00:00Z');
    const report = await runSensor(
      sensorDeps(pipeline(), at, { [ENV_VARS.sensorLookbackDays]: '2' }),
    );
    expect(report.dates.map((c) => [c.date, c.outcome])).toEqual([
      ['2026-11-22', 'alerted'],
      ['2026-11-21', 'already-alerted'],
    ]);
    const alerts = await takeAlerts(pipeline());
    expect(alerts.map((a) => a.details.ingestionDate)).toEqual(['2026-11-22']);
  });

  it('does not alert for a date that has a raw file, nor before the cutoff', async () => {
    const { backend, names } = pipeline();
    await backend.clients.s3.send(
      new PutObjectCommand({
        Bucket: names.buckets.raw,
        Key: objectKeys.raw('app', '2026-11-24', 'events.ndjson'),
        Body: '{"event_id":"e1"}\n',
      }),
    );
    const arrived = await runSensor(sensorDeps(pipeline(), new Date('2026-11-25T02:00:00Z'), one));
    expect(arrived.dates).toEqual([{ source: 'app', date: '2026-11-24', outcome: 'arrived' }]);
    // 01:59 on the 26th: the 25th is not due yet, the 24th (present) is checked instead.
    const early = await runSensor(sensorDeps(pipeline(), new Date('2026-11-26T01:59:00Z'), one));
    expect(early.dates).toEqual([{ source: 'app', date: '2026-11-24', outcome: 'arrived' }]);
    expect(await takeAlerts(pipeline())).toEqual([]);
  });

  it('checks every configured source on its own', async () => {
    const at = new Date('2026-11-25T03:00:00Z');
    const report = await runSensor(
      sensorDeps(pipeline(), at, { ...one, [ENV_VARS.sensorSources]: 'app,web' }),
    );
    expect(report.dates.map((c) => [c.source, c.outcome])).toEqual([
      ['app', 'arrived'],
      ['web', 'alerted'],
    ]);
    expect((await takeAlerts(pipeline())).map((a) => a.subject)).toEqual([
      'Missing data: web 2026-11-24 (dev)',
    ]);
  });

  it('gives the claim back when publishing fails, so the next run alerts', async () => {
    const at = new Date('2026-12-02T03:00:00Z');
    await expect(
      runSensor(sensorDeps(pipeline(), at, one, { beforePublish: crash })),
    ).rejects.toThrow('injected crash');
    expect(await takeAlerts(pipeline())).toEqual([]);
    const retry = await runSensor(sensorDeps(pipeline(), at, one));
    expect(retry.dates[0]?.outcome).toBe('alerted');
    expect(await takeAlerts(pipeline())).toHaveLength(1);
  });

  it('fails on a topic it cannot publish to, and keeps nothing claimed', async () => {
    const at = new Date('2026-12-05T03:00:00Z');
    const missingTopic = {
      ...one,
      [ENV_VARS.alertsTopicArn]: 'arn:aws:sns:us-east-1:123456789012:nope',
    };
    await expect(runSensor(sensorDeps(pipeline(), at, missingTopic))).rejects.toThrow(
      /cannot publish alert "Missing data: app 2026-12-04 \(dev\)"/,
    );
    expect((await runSensor(sensorDeps(pipeline(), at, one))).dates[0]?.outcome).toBe('alerted');
    expect(await takeAlerts(pipeline())).toHaveLength(1);
  });

  it('takes over a claim whose run crashed only after its lease, then alerts once', async () => {
    const at = new Date('2026-12-08T03:00:00Z');
    await expect(runSensor(sensorDeps(pipeline(), at, one, { afterClaim: crash }))).rejects.toThrow(
      'injected crash',
    );
    const during = await runSensor(sensorDeps(pipeline(), new Date(at.getTime() + 60_000), one));
    expect(during.dates[0]?.outcome).toBe('in-flight');
    expect(await takeAlerts(pipeline())).toEqual([]);
    const after = new Date(at.getTime() + (ALERT_CLAIM_LEASE_SECONDS + 1) * 1000);
    expect((await runSensor(sensorDeps(pipeline(), after, one))).dates[0]?.outcome).toBe('alerted');
    expect((await runSensor(sensorDeps(pipeline(), after, one))).dates[0]?.outcome).toBe(
      'already-alerted',
    );
    expect(await takeAlerts(pipeline())).toHaveLength(1);
  });
});
