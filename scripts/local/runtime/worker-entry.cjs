// One local "Lambda container": a worker thread that loads a handler entry (TypeScript, through
// tsx) with the function's own environment and serves invocations from the runtime, one at a
// time, like a warm Lambda execution environment. The runtime terminates it on timeout.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');

require('tsx/cjs/api').register();
const entry = require(workerData.entry);
if (typeof entry.handler !== 'function') {
  throw new Error(`${workerData.entry} does not export a handler function`);
}

function lambdaContext(fn, deadline) {
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

parentPort.on('message', (message) => {
  const context = lambdaContext(workerData.fn, message.deadline);
  Promise.resolve()
    .then(() => entry.handler(message.event, context))
    .then(
      (result) => parentPort.postMessage({ id: message.id, ok: true, result: result ?? null }),
      (error) =>
        parentPort.postMessage({
          id: message.id,
          ok: false,
          error: {
            name: (error && error.name) || 'Error',
            message: (error && error.message) || String(error),
            stack: error && error.stack,
          },
        }),
    );
});
