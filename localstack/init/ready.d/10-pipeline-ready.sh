#!/bin/bash
# LocalStack READY hook (docker-compose.yml mounts localstack/init/ready.d at
# /etc/localstack/init/ready.d; LocalStack runs executable .sh files there, in name order, once
# it serves requests). It creates nothing: every resource of the pipeline comes from
# `cdktf deploy`. It checks that each service named in SERVICES is loaded and prints what to run
# next. A non-zero exit marks the script ERROR in /_localstack/init, which the compose
# healthcheck treats as unhealthy.
set -euo pipefail

health="$(curl -fsS http://localhost:4566/_localstack/health)"

HEALTH="$health" python3 - <<'PY'
import json
import os
import sys

health = json.loads(os.environ["HEALTH"])
states = health.get("services", {})
wanted = [s.strip() for s in os.environ.get("SERVICES", "").split(",") if s.strip()]
# "available": loaded lazily on first use; "running": already started.
missing = [s for s in wanted if states.get(s) not in ("available", "running")]
edition = health.get("edition", "?")
version = health.get("version", "?")
if missing:
    print(
        f"pipeline: LocalStack {edition} {version} lacks services {', '.join(missing)} "
        "(not in this image, or disabled); check SERVICES in docker-compose.yml",
        file=sys.stderr,
    )
    sys.exit(1)
print(f"pipeline: LocalStack {edition} {version} ready with {', '.join(wanted) or 'all services'}")
print('pipeline: next: eval "$(npx tsx localstack/endpoint-env.ts localstack)" && npx cdktf-cli@0.21.0 deploy dev')
PY
