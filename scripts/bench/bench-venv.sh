#!/usr/bin/env bash
# The benchmark's own Python venv (.venv-bench): the reference engines `npm run bench` compares
# the transform with, pinned, from PyPI. Idempotent; separate from the emulator's .venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
want="pyarrow==26.0.1 polars==2.1.0"
stamp=.venv-bench/.installed
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
python3 -m venv .venv-bench
# shellcheck disable=SC2086
.venv-bench/bin/pip install --quiet --disable-pip-version-check $want
echo "$want" > "$stamp"
