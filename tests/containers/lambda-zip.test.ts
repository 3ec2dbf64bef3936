/**
 * The shipped bundle, run as Lambda runs it: each function's built zip (scripts/build, for the
 * architecture this host runs natively) unpacked at /var/task of the local Lambda runtime image
 * (Runtime Interface Emulator + aws-lambda-ric on Node 22), with the environment the stack gives
 * it, and invoked through @aws-sdk/client-lambda. Real S3 notifications reach the builder as an
 * SQS event, its manifest reaches the transform as an SQS event, and the curated rows are read
 * back with DuckDB through the Iceberg catalog. The AWS side is the embedded emulator, which the
 * containers reach on the host's network.
 */
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createAwsClients, type AwsClients } from '../../handlers/lib/aws/clients';
import {
  BUNDLED_EXTENSION_DIR,
  ENV_VARS,
  LAMBDA_TASK_ROOT,
  SCHEDULED_INPUTS,
  type FunctionKey,
} from '../../handlers/lib/names';
import type { TableMaintenance } from '../../handlers/maintenance/maintenance';
import type { SensorReport } from '../../handlers/missing-data-sensor/sensor';
import { startEmulator, type EmbeddedEmulator } from '../../scripts/emulator/emulator';
import { venvPaths } from '../../scripts/emulator/paths';
import { sqsEventFromMessages } from '../../scripts/local/lambda-events';
import { deployLocally, type LocalDeployment } from '../../scripts/local/deployment';
import { appEvents, toNdjson } from '../fixtures/app-events';
import { text } from '../../handlers/lib/duckdb/session';
import { curatedRows } from '../helpers/curated-rows';
import type { PipelineFixture } from '../helpers/pipeline';
import { ingestEvents, putRaw, rawKey } from '../integration/manifest-builder/support';
import { describeWithLocalImages, localImages } from './docker-gate';
import { unpackedFunction, type FunctionCode } from './support/function-code';
import { startLambdaContainer, type LambdaContainer } from './support/lambda-container';
import { scaled } from '../helpers/time-scale';

const SETUP_TIMEOUT_MS = scaled(10 * 60_000);
const INVOKE_TIMEOUT_MS = scaled(5 * 60_000);
const DATE = '2026-09-14';
const FUNCTION_KEYS: readonly FunctionKey[] = [
  'manifestBuilder',
  'transform',
  'sensor',
  'maintenance',
];

describeWithLocalImages('shipped zips in the Lambda runtime image (local build)', () => {
  let emulator: EmbeddedEmulator | undefined;
  let clients: AwsClients | undefined;
  let deployment: LocalDeployment | undefined;
  const code = new Map<FunctionKey, FunctionCode>();
  const running = new Map<FunctionKey, LambdaContainer>();

  const fixture = (): PipelineFixture => {
    if (!emulator || !clients || !deployment) throw new Error('setup failed (see beforeAll)');
    return {
      backend: { kind: 'embedded', target: emulator.target, clients },
      names: deployment.names,
      functionEnv: deployment.functionEnv,
      deployment,
    };
  };
  const fn = (key: FunctionKey): LambdaContainer => {
    const container = running.get(key);
    if (!container) throw new Error(`${key} did not start (see beforeAll)`);
    return container;
  };

  /** The function's environment as the stack gives it, with the bundle's extension dir. */
  const lambdaEnv = (
    key: FunctionKey,
    extra: Record<string, string> = {},
  ): Record<string, string> => ({
    ...fixture().functionEnv[key],
    [ENV_VARS.duckdbExtensionDir]: `${LAMBDA_TASK_ROOT}/${BUNDLED_EXTENSION_DIR}`,
    ...extra,
  });

  beforeAll(async () => {
    emulator = await startEmulator();
    clients = createAwsClients(emulator.target);
    deployment = await deployLocally(clients, emulator.target, 'dev');
    for (const key of FUNCTION_KEYS) code.set(key, unpackedFunction(key));
    const image = localImages().lambda;
    // The maintenance engine beside an emulator is the venv's pyiceberg program (Athena is not
    // emulated): mounted read-only at its host paths, as the local deployment names it.
    const { venv } = venvPaths();
    const maintenanceMounts = [venv, join(__dirname, '..', '..', 'scripts', 'maintenance')];
    const pythonHome = pythonPrefix(venv);
    const started = await Promise.all(
      FUNCTION_KEYS.map(async (key) => {
        const env =
          key === 'manifestBuilder'
            ? lambdaEnv(key, {
                [ENV_VARS.expectedFileSizeMb]: '',
                [ENV_VARS.maxFilesPerManifest]: '2',
              })
            : lambdaEnv(key);
        const mounts = key === 'maintenance' ? [...maintenanceMounts, pythonHome] : [];
        return [key, await startLambdaContainer(image, code.get(key)!, env, mounts)] as const;
      }),
    );
    for (const [key, container] of started) running.set(key, container);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all([...running.values()].map((c) => c.stop()));
    clients?.destroy();
    await emulator?.stop();
  }, SETUP_TIMEOUT_MS);

  it('ships the DuckDB binding and the extension files for the host architecture in the transform zip', () => {
    const transform = code.get('transform')!;
    const cpu = transform.architecture === 'arm64' ? 'arm64' : 'x64';
    expect(transform.files).toEqual(
      expect.arrayContaining([
        'index.js',
        expect.stringMatching(new RegExp(`^node_modules/@duckdb/node-bindings-linux-${cpu}/`)),
        `${BUNDLED_EXTENSION_DIR}/iceberg.duckdb_extension`,
        `${BUNDLED_EXTENSION_DIR}/httpfs.duckdb_extension`,
      ]),
    );
  });

  it(
    'builder and transform: S3 notifications in as SQS events, curated rows out',
    async () => {
      const fx = fixture();
      const events = appEvents(30, { date: DATE });
      const keys = [rawKey(DATE, 'a.ndjson'), rawKey(DATE, 'b.ndjson')];
      await putRaw(fx, [keys[0]!], toNdjson(events.slice(0, 15)));
      await putRaw(fx, [keys[1]!], toNdjson(events.slice(15)));

      const [ingest] = await ingestEvents(fx, 2);
      expect(ingest?.Records).toHaveLength(2);
      await expect(fn('manifestBuilder').invoke(ingest)).resolves.toEqual({
        batchItemFailures: [],
      });

      const manifestEvent = await receiveAsEvent(
        fx,
        fx.functionEnv.transform[ENV_VARS.manifestQueueUrl]!,
      );
      expect(manifestEvent.Records).toHaveLength(1);
      await expect(fn('transform').invoke(manifestEvent)).resolves.toEqual({
        batchItemFailures: [],
      });

      const rows = await curatedRows(fx.backend.clients, fx.names, {
        sql: 'SELECT event_id, _source_file FROM curated ORDER BY event_id',
        date: DATE,
      });
      expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.event_id).sort());
      expect(new Set(rows.map((r) => text(r._source_file).split('/').pop()))).toEqual(
        new Set(['a.ndjson', 'b.ndjson']),
      );
    },
    INVOKE_TIMEOUT_MS,
  );

  it(
    'sensor and maintenance: their scheduled inputs run to a report',
    async () => {
      const sensor = (await fn('sensor').invoke(SCHEDULED_INPUTS.sensor)) as SensorReport;
      expect(Number.isNaN(Date.parse(sensor.checkedAt))).toBe(false);
      expect(Array.isArray(sensor.dates)).toBe(true);
      expect(sensor.dlqs.length).toBeGreaterThan(0);
      const maintained = (await fn('maintenance').invoke(
        SCHEDULED_INPUTS.maintenance,
      )) as TableMaintenance[];
      expect(maintained.map((t) => t.source)).toContain('app');
    },
    INVOKE_TIMEOUT_MS,
  );
});

/**
 * The Python installation the venv was made from (`home` of its pyvenv.cfg is its bin/): the
 * venv's interpreter and standard library live there, so the container needs it mounted too.
 */
function pythonPrefix(venv: string): string {
  const cfg = readFileSync(join(venv, 'pyvenv.cfg'), 'utf8');
  const home = /^home\s*=\s*(.+)$/m.exec(cfg)?.[1]?.trim();
  if (!home) throw new Error(`${venv}/pyvenv.cfg names no home`);
  return dirname(home);
}

/** Receives what is on `queueUrl` as the event source mapping would deliver it (one batch). */
async function receiveAsEvent(
  fx: PipelineFixture,
  queueUrl: string,
): Promise<ReturnType<typeof sqsEventFromMessages>> {
  const { sqs } = fx.backend.clients;
  const received = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 5,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return sqsEventFromMessages(
    Attributes!.QueueArn!,
    fx.backend.target.region,
    received.Messages ?? [],
  );
}
