import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ImageBuildError } from './image-build-error';

/** The Docker path's local images, by role (tags carry the content hash of their inputs). */
export interface LocalImages {
  /** moto_server at the embedded emulator's pin. */
  readonly moto: string;
  /** The Lambda Node.js runtime: Runtime Interface Emulator + aws-lambda-ric. */
  readonly lambda: string;
}

const SCRIPT = join(__dirname, 'build-images.sh');

/** Reads the `<role>=<image>` lines build-images.sh ends with. */
export function parseImageLines(stdout: string): LocalImages {
  const found = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = /^(\w+)=(\S+)$/.exec(line.trim());
    if (match) found.set(match[1]!, match[2]!);
  }
  const moto = found.get('moto');
  const lambda = found.get('lambda');
  if (!moto || !lambda) {
    throw new ImageBuildError(`build-images.sh named no moto and lambda images in: ${stdout}`);
  }
  return { moto, lambda };
}

/**
 * Builds the local images through the project's one build script, or finds them by content
 * hash (a cache hit takes a second), so tests and `.ci/run` use exactly the same images. The
 * script's progress goes to this process's stderr, so a build shows in the run's log.
 */
export function buildLocalImages(): Promise<LocalImages> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', (error) =>
      reject(new ImageBuildError(`could not run ${SCRIPT}: ${error.message}`, { cause: error })),
    );
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new ImageBuildError(`${SCRIPT} failed (exit ${code}); its log is above`));
        return;
      }
      try {
        resolve(parseImageLines(stdout));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}
