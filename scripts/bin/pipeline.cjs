#!/usr/bin/env node
// `pipeline` on the PATH (npm exec pipeline / npx pipeline). Runs the CLI bundle that
// `npm run bootstrap` builds (.build/cli/, scripts/build/cli-bundle.ts) when it is current,
// which starts without compiling TypeScript; else, after a source changed or before the first
// bootstrap, the TypeScript sources through tsx. PIPELINE_CLI_TSX=1 forces the sources.
'use strict';
const { currentBundle } = require('./current-bundle.cjs');

const bundle = process.env.PIPELINE_CLI_TSX === '1' ? undefined : currentBundle();
if (bundle) {
  process.setSourceMapsEnabled(true);
  require(bundle).runCli(process.argv);
} else {
  require('tsx/cjs/api').register();
  require('../cli/main.ts').runCli(process.argv);
}
