import { functionEnvironment } from '../../handlers/lib/config/function-environment';
import { largestRunInputMb } from '../../handlers/lib/config/pipeline-settings';
import { ENV_VARS, resourceNames } from '../../handlers/lib/names';
import { parseBuilderConfig } from '../../handlers/manifest-builder/config';
import { validateObject } from '../../handlers/manifest-builder/validation';
import { envConfig } from '../../stacks/config/env-configs';
import { transformNeeds } from '../../stacks/config/transform-sizing';
import { record, synth } from './support/synth-stack';

const MB = 1024 * 1024;

// The original design's files: 3.5-4.5 GB each (S01), read by one transform run each.
describe('prod takes the original design files, and one transform finishes the largest', () => {
  const config = envConfig('prod');
  const names = resourceNames(config.projectPrefix, 'prod');
  const stack = synth('prod');
  const fn = (name: string) => stack.one('aws_lambda_function', (f) => f.function_name === name);
  // The builder's environment as the stack sets it (queue URLs are Terraform references in the
  // JSON, so the parse takes stand-ins for those and the synthesized values for the sizes).
  const synthesized = record(record(fn(names.functions.manifestBuilder).environment).variables);
  const env = functionEnvironment('manifestBuilder', names, config.settings, {
    ingestQueueUrl: 'http://localhost:5000/123456789012/ingest',
    manifestQueueUrl: 'http://localhost:5000/123456789012/manifest',
    alertsTopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
  });
  const sizeVars = [
    ENV_VARS.expectedFileSizeMb,
    ENV_VARS.sizeTolerancePercent,
    ENV_VARS.maxFileSizeMb,
  ];
  const rules = parseBuilderConfig({
    ...env,
    ...Object.fromEntries(sizeVars.map((k) => [k, String(synthesized[k])])),
  }).validation;
  const verdict = (mb: number) =>
    validateObject(
      {
        key: 'raw/source=app/ingestion_date=2026-11-20/part-0.ndjson',
        size: Math.round(mb * MB),
        lastModified: new Date('2026-11-20T01:00:00Z'),
      },
      rules,
    ).valid;

  it('the builder accepts 3.5-4.5 GB and quarantines files outside it', () => {
    expect([3584, 4096, 4608].map(verdict)).toEqual([true, true, true]);
    expect([3400, 4700].map(verdict)).toEqual([false, false]);
  });

  it('the synthesized transform has /tmp, memory and time for a 4.5 GB file, with room', () => {
    const body = fn(names.functions.transform);
    const sizing = {
      memoryMb: Number(body.memory_size),
      timeoutSeconds: Number(body.timeout),
      ephemeralStorageMb: Number(record(body.ephemeral_storage).size),
    };
    const needs = transformNeeds(4608, sizing);
    const room = {
      tmp: sizing.ephemeralStorageMb / needs.tmpMb,
      memory: sizing.memoryMb / needs.memoryMb,
      time: sizing.timeoutSeconds / needs.seconds,
    };
    process.stdout.write(
      `prod transform, 4.5 GB file: /tmp ${needs.tmpMb} of ${sizing.ephemeralStorageMb} MB (${room.tmp.toFixed(2)}x), memory ${needs.memoryMb} of ${sizing.memoryMb} MB (${room.memory.toFixed(2)}x), ${needs.seconds} of ${sizing.timeoutSeconds} s on one core (${room.time.toFixed(2)}x)\n`,
    );
    // At least a fifth spare of each, so a file at the edge of the range is not at the edge of
    // the function.
    expect(room.tmp).toBeGreaterThanOrEqual(1.2);
    expect(room.memory).toBeGreaterThanOrEqual(1.2);
    expect(room.time).toBeGreaterThanOrEqual(1.2);
  });

  it('the synthesized transform refuses a gzip file that expands past the size it is sized for', () => {
    const vars = record(record(fn(names.functions.transform).environment).variables);
    // The builder caps files by their compressed size; the transform stops a gzip file at the
    // input the capacity check above proves it can stage, instead of filling /tmp on each retry.
    expect(Number(vars[ENV_VARS.maxStagedFileMb])).toBe(largestRunInputMb(config.settings));
    expect(Number(vars[ENV_VARS.maxStagedFileMb])).toBe(4608);
  });
});
