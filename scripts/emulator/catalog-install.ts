import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EmulatorError } from './emulator-error';
import { CATALOG_SOURCES, catalogPaths, type CatalogPaths } from './paths';

const run = promisify(execFile);

async function sourcesDigest(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [CATALOG_SOURCES.pom, CATALOG_SOURCES.launcher])
    hash.update(await readFile(file));
  return hash.digest('hex');
}

const field = (err: unknown, name: 'stdout' | 'stderr'): string => {
  const value =
    typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
};

/** The last lines a failed tool printed, for a one-line error. */
const lastLines = (err: unknown): string => {
  const text = `${field(err, 'stdout')}\n${field(err, 'stderr')}`.trim() || String(err);
  return text.split('\n').filter(Boolean).slice(-3).join(' | ') || '(no output)';
};

/**
 * Installs the embedded loop's Iceberg REST catalog: the pinned jars of `catalog/pom.xml`
 * copied from Maven Central by Maven, and the loopback launcher compiled against them. Skipped
 * when the installed copy was made from the same two files, so it costs nothing on every start.
 */
export async function ensureCatalog(
  log: (line: string) => void = () => undefined,
  paths: CatalogPaths = catalogPaths(),
): Promise<'installed' | 'current'> {
  const digest = await sourcesDigest();
  if (existsSync(paths.stamp) && (await readFile(paths.stamp, 'utf8')).trim() === digest) {
    return 'current';
  }
  log('installing the Iceberg REST catalog (pinned jars from Maven Central, Java 17+)');
  await rm(paths.root, { recursive: true, force: true });
  await mkdir(paths.classes, { recursive: true });
  try {
    await run(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        CATALOG_SOURCES.pom,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${paths.jars}`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (err) {
    throw new EmulatorError(
      `Maven could not fetch the Iceberg catalog's jars (${lastLines(err)}); install Java 17+ and Maven (Debian: apt-get install openjdk-17-jdk-headless maven), check that Maven Central is reachable, then run: npm run bootstrap`,
      { cause: err },
    );
  }
  try {
    await run('javac', [
      '-d',
      paths.classes,
      '-cp',
      join(paths.jars, '*'),
      CATALOG_SOURCES.launcher,
    ]);
  } catch (err) {
    throw new EmulatorError(
      `javac could not compile the catalog launcher (${lastLines(err)}); install a JDK 17+, then run: npm run bootstrap`,
      { cause: err },
    );
  }
  await writeFile(paths.stamp, `${digest}\n`);
  return 'installed';
}
