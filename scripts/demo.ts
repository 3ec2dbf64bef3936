/**
 * `npm run demo`: the pipeline's dev loop on a fresh machine, with nothing but Node and Python.
 * Starts the embedded emulator, synthesizes and provisions the dev stack on it, round-trips an
 * object through the raw bucket, drains the queues with the local runtime, and prints what it
 * did. `--keep` leaves the emulator running.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createAwsClients } from '../handlers/lib/aws/clients';
import { startEmulator } from './emulator/emulator';
import { runMain } from './lib/run-main';
import { deployLocally } from './local/deployment';
import { LocalRuntime } from './local/runtime/runtime';
import { invocationLine } from './cli/commands/invocation-line';

const keep = process.argv.includes('--keep');
const step = (text: string): void => console.log(`\n== ${text}`);

runMain(async () => {
  const started = Date.now();
  step('starting the embedded AWS emulator');
  const emulator = await startEmulator({ log: (line) => console.log(line) });
  const clients = createAwsClients(emulator.target);
  try {
    step('synthesizing the dev stack and provisioning it on the emulator');
    const deployment = await deployLocally(clients, emulator.target, 'dev');
    const count = (o: string) => deployment.report.applied.filter((a) => a.outcome === o).length;
    console.log(
      `${deployment.report.applied.length} resources: ${count('created')} created, ${count('unchanged')} unchanged`,
    );

    step('round-tripping an object through the raw bucket');
    const Bucket = deployment.names.buckets.raw;
    const Key = `raw/source=app/ingestion_date=${new Date().toISOString().slice(0, 10)}/hello.ndjson`;
    const Body = `${JSON.stringify({ event_id: 'demo-1', event_type: 'login', event_ts: new Date().toISOString() })}\n`;
    await clients.s3.send(new PutObjectCommand({ Bucket, Key, Body }));
    const back = await (
      await clients.s3.send(new GetObjectCommand({ Bucket, Key }))
    ).Body!.transformToString();
    const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'raw/' }));
    console.log(
      `put s3://${Bucket}/${Key} (${Body.length} bytes), read back ${back === Body ? 'identical' : 'DIFFERENT'} bytes`,
    );
    console.log(`listed ${listed.KeyCount ?? 0} object(s) under s3://${Bucket}/raw/`);

    step('running the handlers until the queues are idle');
    const runtime = new LocalRuntime(deployment, clients, {
      retryDelaySeconds: 1,
      onInvoke: (r) => console.log(invocationLine(r)),
    });
    try {
      await runtime.runUntilIdle({ timeoutMs: 90_000 });
    } finally {
      await runtime.stop();
    }
    step(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (keep) {
      console.log(`the emulator keeps running at ${emulator.endpoint}; point the CLI at it with:`);
      console.log(
        `  npm run pipeline -- run --until-idle --target endpoint --endpoint ${emulator.endpoint}`,
      );
      console.log('stop it with Ctrl-C');
    }
  } finally {
    clients.destroy();
    if (!keep) await emulator.stop();
  }
  if (keep)
    await new Promise<void>((resolve) =>
      process.once('SIGINT', () => void emulator.stop().then(resolve)),
    );
});
