/**
 * The Lambda entry as deployed: configuration from process.env (the stack's environment of the
 * function), clients from the target variables, partial batch failures out, EMF counts logged.
 */
import { ENV_VARS, SCHEDULED_INPUTS } from '../../../handlers/lib/names';
import { handler } from '../../../handlers/manifest-builder/index';
import { sqsRecord } from '../../fixtures/s3-events';
import { usePipeline } from '../../helpers/pipeline';
import { SMALL_FILES, ingestEvents, manifestMessages, putRaw, rawKey } from './support';

const fx = usePipeline();
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

it('tracks, emits and flushes through the handler, logging EMF counts', async () => {
  process.env = {
    ...saved,
    ...fx().functionEnv.manifestBuilder,
    ...SMALL_FILES,
    [ENV_VARS.maxFilesPerManifest]: '2',
    [ENV_VARS.logLevel]: 'ERROR',
  };
  const keys = [
    rawKey('2026-06-01', 'a.ndjson'),
    rawKey('2026-06-01', 'b.ndjson'),
    rawKey('2026-06-01', 'c.ndjson'),
  ];
  await putRaw(fx(), keys);
  const [event] = await ingestEvents(fx(), 3);
  const out: string[] = [];
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
  try {
    const response = await handler({ Records: [...event!.Records, sqsRecord('not json')] });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await manifestMessages(fx())).toHaveLength(1);
    expect(await handler({ ...SCHEDULED_INPUTS.flush })).toBeUndefined();
    expect(await manifestMessages(fx())).toHaveLength(1);
  } finally {
    write.mockRestore();
  }
  const emf = out
    .flatMap((line) => line.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(emf[0]).toMatchObject({
    FilesTracked: 3,
    ManifestsEmitted: 1,
    InvalidNotifications: 1,
    FilesQuarantined: 0,
  });
  expect(emf[1]).toMatchObject({ FilesTracked: 0, ManifestsEmitted: 1 });
});
