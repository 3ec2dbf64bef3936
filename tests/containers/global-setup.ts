import { recordDockerGate } from './docker-gate';

/** Global setup of the containers project: probe Docker once per run (see docker-gate.ts). */
export default async function containersGlobalSetup(): Promise<void> {
  await recordDockerGate();
}
