#!/usr/bin/env bash
# heapledger analyze vs heaptrack_print on the same heaptrack file, A B A B.
#
# Builds bench/alloc_storm.c (over 40 million allocation events from thousands of distinct
# stacks), records it once under heaptrack (kept in bench/out/, reused while the source is
# unchanged), then times `heapledger analyze FILE` and `heaptrack_print -f FILE` alternately,
# reporting wall time and peak RSS of each and their ratios. As a floor it also times
# `zstd -dc FILE | wc -l`. Usage: bench/run.sh [rounds]   (default 2 A B pairs)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$here/out"
rounds="${1:-2}"
mkdir -p "$out"

for tool in gcc heaptrack heaptrack_print zstd /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y gcc heaptrack zstd time)" >&2; exit 2; }
done

sum="$(sha256sum "$here/alloc_storm.c" | cut -c1-16)"
trace="$out/alloc_storm-$sum.zst"
if [ ! -f "$trace" ]; then
  gcc -O2 -g -o "$out/alloc_storm" "$here/alloc_storm.c"
  echo "recording alloc_storm under heaptrack (about 10 s)..." >&2
  heaptrack -o "$out/alloc_storm-$sum" "$out/alloc_storm" >/dev/null 2>&1
fi

dotnet build -c Release "$root/src/HeapLedger.Cli" -v quiet -nologo >/dev/null
heapledger="$root/src/HeapLedger.Cli/bin/Release/net10.0/heapledger"

events=$(zstd -dc "$trace" | grep -c '^[+-] ')
measure() { # name, command... -> "seconds kilobytes"
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$out/time.$name" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$out/time.$name"
}

declare -A wall rss
for tool in heapledger heaptrack_print floor; do wall[$tool]=""; rss[$tool]=""; done
for ((i = 1; i <= rounds; i++)); do
  read -r w m < <(measure heapledger "$heapledger" analyze "$trace"); wall[heapledger]+="$w "; rss[heapledger]+="$m "
  read -r w m < <(measure heaptrack_print heaptrack_print -f "$trace"); wall[heaptrack_print]+="$w "; rss[heaptrack_print]+="$m "
done
read -r w m < <(measure floor sh -c "zstd -dc '$trace' | wc -l"); wall[floor]="$w"; rss[floor]="$m"

best() { tr ' ' '\n' | grep -v '^$' | sort -g | head -n 1; }
worst() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -n 1; }
hl_wall=$(best <<<"${wall[heapledger]}"); ht_wall=$(best <<<"${wall[heaptrack_print]}")
hl_rss=$(worst <<<"${rss[heapledger]}"); ht_rss=$(worst <<<"${rss[heaptrack_print]}")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "input:   $trace ($(du -h "$trace" | cut -f1) zstd, $events allocation events)"
printf '%-18s %-22s %-10s %s\n' tool "wall s (each run)" "best s" "peak RSS MiB (max)"
printf '%-18s %-22s %-10s %s\n' "heapledger" "${wall[heapledger]}" "$hl_wall" "$((hl_rss / 1024))"
printf '%-18s %-22s %-10s %s\n' "heaptrack_print" "${wall[heaptrack_print]}" "$ht_wall" "$((ht_rss / 1024))"
printf '%-18s %-22s %-10s %s\n' "zstd -dc | wc -l" "${wall[floor]}" "${wall[floor]}" "$((rss[floor] / 1024))"
echo "speed-up (heaptrack_print / heapledger wall): $(awk -v a="$ht_wall" -v b="$hl_wall" 'BEGIN { printf "%.2fx", a / b }')"
echo "peak RSS ratio (heapledger / heaptrack_print): $(awk -v a="$hl_rss" -v b="$ht_rss" 'BEGIN { printf "%.2f", a / b }')"
