/**
 * `npm run demo`: the pipeline end to end on a fresh machine, with nothing but Node and Python
 * (npm's predemo hook bootstraps packages and the emulator first). See scripts/demo/.
 */
import { parseDemoOptions } from './demo/demo-options';
import { runDemo } from './demo/run-demo';
import { runMain } from './lib/run-main';

runMain(() => runDemo(parseDemoOptions(process.argv.slice(2)), (line) => console.log(line)));
