/** DLQ alerts of the sensor: one per backlog growth, in the common alert format. */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ENV_VARS } from '../../../handlers/lib/names';
import { runSensor } from '../../../handlers/missing-data-sensor/sensor';
import { usePipeline } from '../../helpers/pipeline';
import { drainQueue } from '../../helpers/queues';
import { sensorDeps, takeAlerts } from './support';

const pipeline = usePipeline();

describe('sensor DLQ alerts', () => {
  it('alerts when a DLQ fills, once per backlog, again when it grows or refills', async () => {
    const fx = pipeline();
    const dlqUrl = fx.functionEnv.sensor[ENV_VARS.ingestDlqUrl]!;
    const send = (n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          fx.backend.clients.sqs.send(
            new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: `m${i}` }),
          ),
        ),
      );
    // A date with data is not the point here: every run also checks (and alerts for) app's date.
    const at = new Date('2026-11-22T03:00:00Z');
    const run = async () => {
      const report = await runSensor(sensorDeps(fx, at, { [ENV_VARS.sensorLookbackDays]: '1' }));
      return report.dlqs.find((d) => d.queue === 'ingest')!;
    };
    const dlqAlerts = async () => (await takeAlerts(fx)).filter((a) => a.kind === 'dlq_messages');

    expect(await run()).toMatchObject({ depth: 0, outcome: 'unchanged' });
    await send(2);
    expect(await run()).toMatchObject({ depth: 2, outcome: 'alerted' });
    expect(await run()).toMatchObject({ depth: 2, outcome: 'unchanged' });
    const [first, ...others] = await dlqAlerts();
    expect(others).toEqual([]);
    expect(first).toMatchObject({
      subject: `2 message(s) in dead-letter queue ${fx.names.queues.ingestDlq}`,
      details: {
        queue: 'ingest',
        depth: 2,
        previous: 0,
        redrive: 'pipeline redrive --queue ingest --env dev',
      },
    });

    await send(1);
    expect(await run()).toMatchObject({ depth: 3, outcome: 'alerted' });
    await drainQueue(fx.backend.clients.sqs, dlqUrl);
    expect(await run()).toMatchObject({ depth: 0, outcome: 'recorded' });
    await send(1);
    expect(await run()).toMatchObject({ depth: 1, outcome: 'alerted' });
    expect((await dlqAlerts()).map((a) => a.details.depth)).toEqual([3, 1]);
    // The manifest DLQ stayed empty and never alerted.
    expect((await run()) && (await runSensor(sensorDeps(fx, at))).dlqs[1]).toMatchObject({
      queue: 'manifest',
      depth: 0,
      outcome: 'unchanged',
    });
  });
});
