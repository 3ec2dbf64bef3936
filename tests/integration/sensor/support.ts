import { Logger } from '@aws-lambda-powertools/logger';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { Alert } from '../../../handlers/lib/alerts/alert-message';
import { alertsInboxQueueName } from '../../../handlers/lib/names';
import { parseSensorConfig } from '../../../handlers/missing-data-sensor/config';
import type { SensorDeps, SensorHooks } from '../../../handlers/missing-data-sensor/dependencies';
import type { PipelineFixture } from '../../helpers/pipeline';
import { drainQueue } from '../../helpers/queues';

const silent = new Logger({ logLevel: 'SILENT' });

/** Sensor dependencies over the fixture at a fixed time, with env overrides and fault hooks. */
export function sensorDeps(
  fx: PipelineFixture,
  at: Date | (() => Date),
  overrides: Record<string, string> = {},
  hooks?: SensorHooks,
): SensorDeps {
  return {
    clients: fx.backend.clients,
    config: parseSensorConfig({ ...fx.functionEnv.sensor, ...overrides }),
    logger: silent,
    now: typeof at === 'function' ? at : () => at,
    ...(hooks ? { hooks } : {}),
  };
}

/** Takes every alert published since the last call out of the local alerts inbox. */
export async function takeAlerts(fx: PipelineFixture): Promise<Alert[]> {
  const { sqs } = fx.backend.clients;
  const { QueueUrl } = await sqs.send(
    new GetQueueUrlCommand({ QueueName: alertsInboxQueueName(fx.names) }),
  );
  return (await drainQueue(sqs, QueueUrl!)).map((b) => JSON.parse(b) as Alert);
}
