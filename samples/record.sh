#!/usr/bin/env bash
# Regenerates samples/patterns.heaptrack.zst: builds samples/patterns.c (seven allocation
# patterns, three of them leaking) and records one run of it under heaptrack.
# Needs gcc and heaptrack (Debian: apt-get install -y gcc heaptrack).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$here/patterns.c" .
# Relative source paths, so the sample does not carry this machine's directories.
gcc -g -O2 -fdebug-prefix-map="$work"=. -o patterns patterns.c
heaptrack -o "$work/patterns" ./patterns 30000 >/dev/null
mv "$work/patterns.zst" "$here/patterns.heaptrack.zst"
echo "wrote $here/patterns.heaptrack.zst"
