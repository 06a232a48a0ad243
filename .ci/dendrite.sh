#!/usr/bin/env bash
# Builds the Dendrite homeserver used by the Matrix adapter's integration
# tests (adapters/matrix) from the pinned tools module in tools/dendrite,
# caches the binary, and prints its absolute path on stdout (progress goes to
# stderr). Use it as:
#
#   VIGIL_DENDRITE=$(.ci/dendrite.sh) go test -tags goolm ./adapters/matrix/...
#
# The cache lives in $VIGIL_CACHE (default $HOME/.cache/vigil) under a name
# derived from tools/dendrite/go.sum, so a version bump rebuilds it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mod="$root/tools/dendrite"
cache="${VIGIL_CACHE:-$HOME/.cache/vigil}"
sum=$(cat "$mod/go.mod" "$mod/go.sum" | sha256sum | cut -c1-12)
dir="$cache/dendrite-$sum"
bin="$dir/dendrite"

if [ ! -x "$bin" ]; then
  echo "building dendrite into $dir (takes a few minutes the first time)" >&2
  mkdir -p "$dir"
  tmp=$(mktemp -d "$dir/build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  # Dendrite's SQLite driver needs cgo.
  (cd "$mod" && CGO_ENABLED=1 go build -o "$tmp/dendrite" github.com/element-hq/dendrite/cmd/dendrite) >&2
  mv "$tmp/dendrite" "$bin"
fi
echo "$bin"
