/** Stops whatever global-setup.ts started, once, whichever project's teardown runs first. */
export default async function globalTeardown(): Promise<void> {
  const started = globalThis.pipelineTestBackends ?? [];
  globalThis.pipelineTestBackends = [];
  await Promise.all(started.map((s) => s.stop()));
}
