/**
 * `npm run demo`: the pipeline end to end on a fresh machine, with nothing but Node and Python
 * (npm's predemo hook bootstraps packages and the emulator first). See scripts/demo/. Exits
 * by the drain's outcome: 0 all curated, 3 some data held by data quality, 4 failures that need
 * an operator (scripts/lib/exit-codes.ts); `--json` prints the summary as one document.
 */
import { parseDemoOptions } from './demo/demo-options';
import { runDemo } from './demo/run-demo';
import { runMain } from './lib/run-main';

const options = parseDemoOptions(process.argv.slice(2));
runMain(async () => {
  const print = options.json
    ? (line: string) => console.error(line)
    : (line: string) => console.log(line);
  const result = await runDemo(options, print);
  if (options.json) console.log(JSON.stringify(result));
  process.exitCode = result.outcome.exitCode;
});
