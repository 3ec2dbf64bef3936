import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { FunctionCode } from './function-code';
import { freePort } from './free-port';

/** A function running in the local Lambda runtime image, invocable through the Lambda API. */
export interface LambdaContainer {
  /** The Runtime Interface Emulator's invoke endpoint (the Lambda API, function `function`). */
  readonly endpoint: string;
  /** Invokes the function with `event`; the parsed result, or the function's error as thrown. */
  invoke(event: unknown): Promise<unknown>;
  /** Everything the container logged (the function's stdout and stderr, the RIE's lines). */
  logs(): string;
  stop(): Promise<void>;
}

/** The function returned an error (Lambda's `FunctionError`), with its payload. */
export class FunctionInvokeError extends Error {
  constructor(
    readonly functionError: string,
    readonly payload: string,
  ) {
    super(`the function failed (${functionError}): ${payload}`);
    this.name = 'FunctionInvokeError';
  }
}

/**
 * Starts `code` in the Lambda runtime image (scripts/docker/lambda): the zip's files at
 * /var/task, read-only, the handler `index.handler` as the stack deploys it, and `environment`
 * as its Lambda environment. The container shares the host's network so the function reaches
 * the embedded emulator and its Iceberg catalog on loopback, as a deployed function reaches
 * AWS; its two ports are chosen free so several functions run side by side. Extra read-only
 * mounts are for programs the local deployment runs beside an emulator (the maintenance engine).
 */
export async function startLambdaContainer(
  image: string,
  code: FunctionCode,
  environment: Readonly<Record<string, string>>,
  mounts: readonly string[] = [],
): Promise<LambdaContainer> {
  const [invokePort, runtimePort] = [await freePort(), await freePort()];
  let output = '';
  const container: StartedTestContainer = await new GenericContainer(image)
    .withNetworkMode('host')
    .withBindMounts([
      { source: code.taskDir, target: '/var/task', mode: 'ro' },
      ...mounts.map((path) => ({ source: path, target: path, mode: 'ro' as const })),
    ])
    .withEnvironment({
      ...environment,
      PIPELINE_RIE_PORT: String(invokePort),
      PIPELINE_RUNTIME_API_PORT: String(runtimePort),
      AWS_LAMBDA_FUNCTION_NAME: code.fn,
      AWS_LAMBDA_FUNCTION_TIMEOUT: '300',
    })
    .withCommand(['index.handler'])
    .withLogConsumer((stream) =>
      stream.on('data', (line: Buffer | string) => (output += String(line))),
    )
    // The RIE prints this line once its invoke API listens.
    .withWaitStrategy(Wait.forLogMessage(/exec '\/usr\/local\/bin\/node'/))
    .start();
  const endpoint = `http://127.0.0.1:${invokePort}`;
  const lambda = new LambdaClient({
    endpoint,
    region: environment.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    endpoint,
    async invoke(event) {
      const out = await lambda.send(
        new InvokeCommand({ FunctionName: 'function', Payload: JSON.stringify(event) }),
      );
      const payload = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
      if (out.FunctionError) throw new FunctionInvokeError(out.FunctionError, payload);
      return payload === '' || payload === 'null' ? null : (JSON.parse(payload) as unknown);
    },
    logs: () => output,
    async stop() {
      lambda.destroy();
      await container.stop();
    },
  };
}
