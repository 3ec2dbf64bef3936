#!/usr/bin/env bash
# Makes sure a Docker engine answers and `docker compose` (v2) works, for the containers tests
# and the compose path. Uses the engine that already runs if one answers; else, on a Debian
# machine where this user may install packages, installs Debian's docker.io (plus iptables for
# its bridge network and debootstrap for the local base image) and starts dockerd in the
# background (log: $PIPELINE_DOCKERD_LOG, default /tmp/pipeline-dockerd.log). Compose v2: bookworm's
# docker-compose package is v1, which rejects the compose file's top-level `name:`, so the v2
# plugin is taken from trixie's docker-compose package (a static Go binary) into Docker's CLI
# plugin directory, without adding trixie to the machine's apt sources.
#
# Exits 0 with a line saying what it found or did; non-zero when no engine can be had.
set -euo pipefail

log() { printf 'docker-engine: %s\n' "$*" >&2; }
answers() { docker info >/dev/null 2>&1; }
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

if answers; then
  log "an engine answers: $(docker version --format 'server {{.Server.Version}}' 2>/dev/null)"
else
  if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
    can_install || { log "no Docker engine and no way to install one here"; exit 1; }
    log "installing docker.io, iptables, debootstrap (apt)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io iptables debootstrap >/dev/null
  fi
  started=$(date +%s)
  dockerd_log="${PIPELINE_DOCKERD_LOG:-/tmp/pipeline-dockerd.log}"
  log "starting dockerd --storage-driver=overlay2 (log: $dockerd_log)"
  nohup dockerd --storage-driver=overlay2 >"$dockerd_log" 2>&1 &
  pid=$!
  # Wait for the engine to answer, as long as dockerd lives.
  until answers; do
    kill -0 "$pid" 2>/dev/null || { log "dockerd exited:"; tail -20 "$dockerd_log" >&2; exit 1; }
    sleep 0.2
  done
  log "dockerd (pid $pid) answers after $(($(date +%s) - started))s"
fi

if docker compose version >/dev/null 2>&1; then
  log "$(docker compose version)"
  exit 0
fi
can_install || { log "docker compose v2 is missing and cannot be installed here"; exit 1; }
log "installing the compose v2 plugin from trixie's docker-compose package"
apt_dir="$(mktemp -d)"
trap 'rm -rf "$apt_dir"' EXIT
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
echo "deb http://deb.debian.org/debian trixie main" >"$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::Archives=$apt_dir/archives"
  -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" update -qq
(cd "$apt_dir" && apt-get "${apt_opts[@]}" download docker-compose >/dev/null)
dpkg-deb -x "$apt_dir"/docker-compose_*.deb "$apt_dir/root"
plugin="$(find "$apt_dir/root" -type f -path '*cli-plugins/docker-compose' | head -1)"
[ -n "$plugin" ] || { log "trixie's docker-compose package has no cli-plugins/docker-compose"; exit 1; }
mkdir -p /usr/local/lib/docker/cli-plugins
install -m 0755 "$plugin" /usr/local/lib/docker/cli-plugins/docker-compose
log "$(docker compose version)"
