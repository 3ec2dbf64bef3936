import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { EMULATOR_CREDENTIALS } from '../../handlers/lib/aws/target';
import { dropAllTables } from '../../handlers/lib/iceberg/rest-catalog';
import { ensureCatalog } from './catalog-install';
import { EmulatorError } from './emulator-error';
import { catalogPaths } from './paths';
import { readPort, StartFailure, waitForExit } from './port-line';

/** A running Iceberg REST catalog owned by this process, its objects in the emulator's S3. */
export interface EmbeddedCatalog {
  readonly endpoint: string;
  readonly pid: number;
  /** Drops every namespace and table: with the emulator's reset, a clean start. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the catalog keeps its objects and state, and how it is started. */
export interface CatalogStartOptions {
  /** The emulator serving S3 (the tables' data and metadata files). */
  readonly s3Endpoint: string;
  readonly region: string;
  readonly timeoutMs: number;
  /** Keep running after this process exits (for `pipeline up`); stdin is not watched then. */
  readonly detached?: { readonly stateDir: string; readonly logFd: number };
}

/** JVM flags for a small, quick-starting server on a 2-core machine: one GC thread, C1 only. */
const JVM_FLAGS = ['-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto'];

/** The catalog's environment: Iceberg's REST fixture convention of CATALOG_* properties. */
function catalogEnv(o: CatalogStartOptions, sqliteFile: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    AWS_REGION: o.region,
    CATALOG_URI: `jdbc:sqlite:${sqliteFile}`,
    // Tables are created with their own location in the curated bucket; nothing lands here.
    CATALOG_WAREHOUSE: 's3://embedded-catalog-default-location/',
    CATALOG_IO__IMPL: 'org.apache.iceberg.aws.s3.S3FileIO',
    CATALOG_S3_ENDPOINT: o.s3Endpoint,
    CATALOG_S3_PATH__STYLE__ACCESS: 'true',
    CATALOG_CLIENT_REGION: o.region,
    // No retry storms against an emulator that is going away with us.
    CATALOG_S3_CHECKSUM__ENABLED: 'false',
  };
}

/**
 * Starts Apache Iceberg's REST catalog (the pinned jars, installed on first use) on a
 * kernel-chosen loopback port, its SQLite state in a fresh temp directory, S3FileIO against
 * the emulator. Like the emulator it exits when this process goes away (its stdin closes).
 */
export async function startCatalog(o: CatalogStartOptions): Promise<EmbeddedCatalog> {
  const paths = catalogPaths();
  await ensureCatalog();
  const stateDir = o.detached?.stateDir ?? mkdtempSync(join(tmpdir(), 'pipeline-catalog-'));
  const classpath = [paths.classes, join(paths.jars, '*')].join(delimiter);
  const child: ChildProcess = spawn(
    'java',
    [
      ...JVM_FLAGS,
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-cp',
      classpath,
      'LoopbackCatalog',
      ...(o.detached ? ['--detached'] : []),
    ],
    {
      stdio: [o.detached ? 'ignore' : 'pipe', 'pipe', o.detached ? o.detached.logFd : 'pipe'],
      env: catalogEnv(o, join(stateDir, 'catalog.sqlite')),
      detached: o.detached !== undefined,
    },
  );
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4_000);
  });
  const stderr = (): string => stderrTail.trim().split('\n').slice(-3).join(' | ');
  const cleanup = (): void => {
    if (!o.detached) rmSync(stateDir, { recursive: true, force: true });
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    cleanup();
  };
  let port: number;
  try {
    port = await readPort(child, stderr, Date.now() + o.timeoutMs);
  } catch (err) {
    await stop();
    const failure = err instanceof StartFailure ? err : new StartFailure('died', String(err));
    throw new EmulatorError(
      failure.kind === 'slow'
        ? `the Iceberg catalog did not start within ${o.timeoutMs / 1000} s; on a slow machine raise PIPELINE_EMULATOR_TIMEOUT_MS`
        : `the Iceberg catalog ${failure.message}; reinstall it with: rm -rf .venv && npm run bootstrap`,
      { context: { stderr: stderr() } },
    );
  }
  child.stdout?.destroy();
  child.unref();
  for (const stream of [child.stdin, child.stderr]) (stream as unknown as Socket | null)?.unref();
  const endpoint = `http://127.0.0.1:${port}`;
  return { endpoint, pid: child.pid!, reset: () => dropAllTables(endpoint), stop };
}
