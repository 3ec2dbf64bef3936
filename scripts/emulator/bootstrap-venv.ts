/**
 * `npm run bootstrap` step: installs the embedded emulator (moto and the DuckDB extensions)
 * into the project venv, and the Iceberg REST catalog beside it, if needed.
 */
import { runMain } from '../lib/run-main';
import { ensureCatalog } from './catalog-install';
import { ensureVenv } from './venv';

runMain(async () => {
  const outcome = await ensureVenv((line) => console.log(`bootstrap: ${line}`));
  console.log(`bootstrap: emulator venv ${outcome === 'current' ? 'is up to date' : 'installed'}`);
  const catalog = await ensureCatalog((line) => console.log(`bootstrap: ${line}`));
  console.log(
    `bootstrap: Iceberg catalog ${catalog === 'current' ? 'is up to date' : 'installed'}`,
  );
});
