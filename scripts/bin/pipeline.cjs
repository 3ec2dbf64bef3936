#!/usr/bin/env node
// `pipeline` on the PATH (npm exec pipeline / npx pipeline): runs the TypeScript CLI via tsx.
'use strict';
require('tsx/cjs/api').register();
const { runMain } = require('../lib/run-main.ts');
const { buildProgram } = require('../cli/main.ts');
runMain(async () => {
  await buildProgram().parseAsync(process.argv);
});
