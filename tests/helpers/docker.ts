import { getContainerRuntimeClient } from 'testcontainers';

/**
 * True when a Docker engine answers, asked the way testcontainers asks (DOCKER_HOST, the
 * socket, testcontainers properties), within `timeoutMs`. A Docker client without an engine
 * counts as no Docker.
 */
export async function dockerAnswers(timeoutMs = 5_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
