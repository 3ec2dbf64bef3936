// One local "Lambda container": a child process that loads a handler entry (TypeScript, through
// tsx) with the function's own environment and serves invocations from the runtime over IPC,
// one at a time, like a warm Lambda execution environment. The runtime kills it (SIGKILL) at
// an invocation's timeout; it ends itself when the runtime goes away.
'use strict';
const { randomUUID } = require('node:crypto');

require('tsx/cjs/api').register();

let fn;
let entry;
let loadError;

function lambdaContext(deadline) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: 'local-runtime',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function describe(error) {
  return {
    name: (error && error.name) || 'Error',
    message: (error && error.message) || String(error),
    stack: error && error.stack,
  };
}

function init(message) {
  fn = message.fn;
  try {
    entry = require(message.entry);
    if (typeof entry.handler !== 'function') {
      throw new Error(`${message.entry} does not export a handler function`);
    }
  } catch (error) {
    loadError = error;
  }
}

process.on('message', (message) => {
  if (message.init) return init(message.init);
  if (loadError) return process.send({ id: message.id, ok: false, error: describe(loadError) });
  Promise.resolve()
    .then(() => entry.handler(message.event, lambdaContext(message.deadline)))
    .then(
      (result) => process.send({ id: message.id, ok: true, result: result ?? null }),
      (error) => process.send({ id: message.id, ok: false, error: describe(error) }),
    );
});

// The runtime is gone (ended, crashed, or killed): end at once, without running native
// bindings' teardown under a query still in flight.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
