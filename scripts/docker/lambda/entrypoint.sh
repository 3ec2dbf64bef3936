#!/bin/sh
# Runs the function as Lambda's Node.js runtime does: the Runtime Interface Emulator serves the
# invoke API (PIPELINE_RIE_PORT, default 8080) and the Runtime API (PIPELINE_RUNTIME_API_PORT,
# default 9001) and starts the aws-lambda-ric runtime client, which loads "$1" (file.export) from
# /var/task. The ports are settable so several functions can share the host's network.
exec /usr/local/bin/aws-lambda-rie \
  --runtime-interface-emulator-address "0.0.0.0:${PIPELINE_RIE_PORT:-8080}" \
  --runtime-api-address "127.0.0.1:${PIPELINE_RUNTIME_API_PORT:-9001}" \
  /usr/local/bin/node /opt/ric/node_modules/aws-lambda-ric/index.mjs "$@"
