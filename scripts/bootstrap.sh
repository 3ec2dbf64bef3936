#!/usr/bin/env bash
# Installs whatever a fresh clone is missing, and nothing else: npm packages (npm ci, when
# package-lock.json changed since the last install) and the embedded emulator's Python venv.
# Idempotent and quick when everything is in place; `npm test` and `npm run demo` call it.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "bootstrap: $*" >&2; exit 1; }

command -v node >/dev/null || fail "Node.js is not installed; install Node 20 or 22 (see .nvmrc)"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || fail "Node $(node --version) is too old; install Node 20 or 22 (see .nvmrc)"

stamp=node_modules/.bootstrap-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "${1:-}" != "--venv-only" ]; then
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "bootstrap: installing npm packages (npm ci)"
    # package-lock.json carries every platform's optional packages, so npm ci (10 and 11) takes it
    # on Linux x64/arm64 and macOS alike; a failure is real (registry, disk), never the lock file.
    npm ci --no-audit --no-fund --loglevel=error ||
      fail "npm ci failed (output above); check that the npm registry is reachable and run: npm run bootstrap"
    echo "$want" > "$stamp"
  fi
fi
[ -x node_modules/.bin/tsx ] || fail "node_modules is incomplete; run: rm -rf node_modules && npm run bootstrap"
node_modules/.bin/tsx scripts/emulator/bootstrap-venv.ts
# The CLI bundle (.build/cli/): rebuilt when one of its sources changed, else only checked.
exec node_modules/.bin/tsx scripts/build/cli-bundle.ts
