#!/bin/bash
# Healthcheck of the localstack compose service (runs inside the container, which has curl and
# python3): healthy once the gateway answers /_localstack/health and the READY stage has
# completed with every init hook SUCCESSFUL (/_localstack/init/ready, documented in LocalStack's
# "Initialization Hooks" page). `docker compose up --wait` and testcontainers wait on this.
set -euo pipefail

curl -fsS http://localhost:4566/_localstack/health >/dev/null
curl -fsS http://localhost:4566/_localstack/init/ready | python3 -c '
import json, sys
ready = json.load(sys.stdin)
hooks_ok = all(s.get("state") == "SUCCESSFUL" for s in ready.get("scripts", []))
sys.exit(0 if ready.get("completed") is True and hooks_ok else 1)
'
