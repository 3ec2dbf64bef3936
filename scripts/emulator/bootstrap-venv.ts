/** `npm run bootstrap` step: installs the embedded emulator into the project venv if needed. */
import { runMain } from '../lib/run-main';
import { ensureVenv } from './venv';

runMain(async () => {
  const outcome = await ensureVenv((line) => console.log(`bootstrap: ${line}`));
  console.log(`bootstrap: emulator venv ${outcome === 'current' ? 'is up to date' : 'installed'}`);
});
