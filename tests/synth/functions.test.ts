import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  contractFiles,
  contractsDir,
  CONTRACTS_FOLDER,
} from '../../handlers/lib/contract/contract-set';
import { functionEnvironment } from '../../handlers/lib/config/function-environment';
import type { FunctionKey } from '../../handlers/lib/names';
import { DUCKDB_EXTENSIONS, extensionFile } from '../../handlers/lib/iceberg/extensions';
import {
  BUNDLED_EXTENSION_DIR,
  ENVIRONMENTS,
  FUNCTIONS,
  lambdaCodeKey,
  resourceNames,
} from '../../handlers/lib/names';
import { duckdbVersion, lambdaExtensionFiles } from '../../scripts/build/duckdb-extensions';
import { FUNCTION_BUILDS, nodeCpu } from '../../scripts/build/function-builds';
import { functionZip } from '../../scripts/build/function-zip';
import { zipEntryNames } from '../../scripts/build/zip-listing';
import { envConfig } from '../../stacks/config/env-configs';
import { LAMBDA_RUNTIME } from '../../stacks/constructs/pipeline-function';
import { record, str, synth } from './support/synth-stack';

const KEYS = Object.keys(FUNCTIONS) as FunctionKey[];

describe.each(ENVIRONMENTS)('%s functions', (env) => {
  const config = envConfig(env);
  const names = resourceNames(config.projectPrefix, env);
  const stack = synth(env);
  const fnBody = (fn: FunctionKey) =>
    stack.one('aws_lambda_function', (f) => f.function_name === names.functions[fn]);

  it.each(KEYS)('%s has the env sizing, runtime and architecture', (fn) => {
    const sizing = config.functions[fn];
    expect(fnBody(fn)).toMatchObject({
      runtime: LAMBDA_RUNTIME,
      handler: 'index.handler',
      architectures: [FUNCTION_BUILDS[fn].architecture],
      memory_size: sizing.memoryMb,
      timeout: sizing.timeoutSeconds,
      reserved_concurrent_executions: sizing.reservedConcurrency,
      ephemeral_storage: { size: sizing.ephemeralStorageMb },
      tracing_config: { mode: 'Active' },
      logging_config: expect.objectContaining({ log_format: 'JSON' }) as unknown,
    });
  });

  it.each(KEYS)('%s gets the environment functionEnvironment builds', (fn) => {
    const variables = record(record(fnBody(fn).environment).variables);
    const expected = functionEnvironment(fn, names, config.settings, {
      ingestQueueUrl: 'INGEST',
      manifestQueueUrl: 'MANIFEST',
      alertsTopicArn: 'TOPIC',
      ingestDlqUrl: 'INGEST_DLQ',
      manifestDlqUrl: 'MANIFEST_DLQ',
      accountId: 'ACCOUNT',
    });
    expect(Object.keys(variables).sort()).toEqual(Object.keys(expected).sort());
    const refs = ['INGEST', 'MANIFEST', 'TOPIC', 'INGEST_DLQ', 'MANIFEST_DLQ', 'ACCOUNT'];
    for (const [key, value] of Object.entries(expected)) {
      if (!refs.includes(value)) expect(variables[key]).toBe(value);
    }
  });

  it.each(KEYS)('%s code is the content-addressed zip in the artifacts bucket', (fn) => {
    const zip = functionZip(fn);
    const object = stack.one('aws_s3_object', (o) => o.key === lambdaCodeKey(fn, zip.sha256Hex));
    expect(path.basename(str(object.source))).toBe(path.basename(zip.zipPath));
    expect(fnBody(fn).source_code_hash).toBe(zip.sha256Base64);
  });
});

describe('function zips', () => {
  it('ship the DuckDB native binding for the transform architecture, outside the bundle', () => {
    const zip = functionZip('transform');
    const cpu = nodeCpu(zip.architecture);
    const entries = zipEntryNames(zip.zipPath);
    expect(entries).toContain(`node_modules/@duckdb/node-bindings-linux-${cpu}/duckdb.node`);
    expect(entries).toContain(`node_modules/@duckdb/node-bindings-linux-${cpu}/libduckdb.so`);
    expect(entries).toContain('node_modules/@duckdb/node-api/package.json');
    expect(entries).toContain('node_modules/@duckdb/node-bindings/duckdb.js');
    expect(entries.filter((e) => /node-bindings-(?!linux-)|-musl\//.test(e))).toEqual([]);
    // The native library really is in there (tens of MB), not an empty placeholder.
    expect(fs.statSync(zip.zipPath).size).toBeGreaterThan(10_000_000);
  });

  it('ship the DuckDB extensions for the transform architecture where DUCKDB_EXTENSION_DIR is', () => {
    const zip = functionZip('transform');
    const entries = zipEntryNames(zip.zipPath).filter((e) => e.endsWith('.duckdb_extension'));
    expect(entries).toEqual(
      DUCKDB_EXTENSIONS.map((name) => `${BUNDLED_EXTENSION_DIR}/${extensionFile(name)}`).sort(),
    );
    // Each file's metadata footer names the DuckDB version and platform it loads into.
    const platform = zip.architecture === 'arm64' ? 'linux_arm64' : 'linux_amd64';
    for (const [name, data] of lambdaExtensionFiles(zip.architecture)) {
      const footer = Buffer.from(data.subarray(data.length - 512)).toString('latin1');
      expect([name, footer.includes(`v${duckdbVersion()}`)]).toEqual([name, true]);
      expect([name, footer.includes(platform)]).toEqual([name, true]);
    }
  });

  it('pin the host extensions to the DuckDB version the pinned @duckdb/node-api binds', () => {
    const requirements = fs.readFileSync(
      path.join(__dirname, '..', '..', 'scripts', 'emulator', 'requirements.txt'),
      'utf8',
    );
    const pins = [...requirements.matchAll(/^duckdb-extension-([a-z]+)==(\S+)$/gm)];
    expect(pins.map((m) => m[1]).sort()).toEqual([...DUCKDB_EXTENSIONS].sort());
    for (const [, , version] of pins) expect(version).toBe(duckdbVersion());
    expect(duckdbVersion('1.5.5-r.5')).toBe('1.5.5');
  });

  it.each(['manifestBuilder', 'sensor'] as const)(
    '%s is one bundled file beside the contract files',
    (fn) => {
      expect(zipEntryNames(functionZip(fn).zipPath)).toEqual(['contracts/app.yaml', 'index.js']);
    },
  );

  it('ships every contract file in each zip, where the handlers look for them', () => {
    const shipped = contractFiles(contractsDir()).map(
      (f) => `${CONTRACTS_FOLDER}/${path.basename(f)}`,
    );
    for (const fn of ['transform', 'maintenance'] as const) {
      expect(zipEntryNames(functionZip(fn).zipPath)).toEqual(expect.arrayContaining(shipped));
    }
  });
});
