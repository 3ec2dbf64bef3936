// Preloaded (NODE_OPTIONS=-r) by the CLI bundle test: on exit, writes the file of every
// CommonJS module the process loaded to stderr, one a line.
'use strict';
process.on('exit', () => {
  process.stderr.write(`${Object.keys(require.cache).join('\n')}\n`);
});
