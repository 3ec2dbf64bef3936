#!/usr/bin/env node
// `pipeline` on the PATH (npm exec pipeline / npx pipeline): runs the TypeScript CLI via tsx.
'use strict';
require('tsx/cjs/api').register();
require('../cli/main.ts').runCli(process.argv);
