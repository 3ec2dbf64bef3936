// Preloaded (node -r) into a process the CLI start bench times: on exit it writes the
// process's own CPU time (user + system, all threads, microseconds) to file descriptor 3.
'use strict';
const { writeSync } = require('node:fs');
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(3, JSON.stringify({ user, system }));
});
