#!/usr/bin/env bash
# Static analysis of the synthesized Terraform of both stacks with checkov, pinned in
# stacks/checkov-requirements.txt and installed into the project-local venv .venv-iac/
# (created or refreshed only when the requirements change). Skipped checks and their reasons
# live in stacks/checkov.yaml. Exits non-zero when any check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-iac
requirements=stacks/checkov-requirements.txt
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/checkov" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "check:iac: installing $(tr '\n' ' ' <"$requirements")into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" >"$stamp"
fi

npm run --silent synth

stacks=(cdktf.out/stacks/*/cdk.tf.json)
args=()
for stack in "${stacks[@]}"; do args+=(-f "$stack"); done
echo "check:iac: scanning ${stacks[*]}" >&2
"$venv/bin/checkov" --config-file stacks/checkov.yaml "${args[@]}"
