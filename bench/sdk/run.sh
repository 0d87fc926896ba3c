#!/usr/bin/env bash
# The HeapLedger device SDK's added cost per malloc+free pair over plain glibc malloc+free:
# nanoseconds (best of several runs) and instructions (valgrind --tool=callgrind), in ledger mode
# and in trace mode with a null output, single- and multi-threaded; plus the SDK's RAM per site
# row and per live allocation, on this host and for a 32-bit target.
#   bench/sdk/run.sh [PAIRS] [RUNS]      (default 5000000 pairs, best of 7 runs)
# Needs gcc, cmake, valgrind. Builds into bench/out/sdk/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/bench/out/sdk"
pairs="${1:-5000000}"
runs="${2:-7}"
mkdir -p "$out"

for tool in gcc cmake valgrind; do
    command -v "$tool" >/dev/null || { echo "bench/sdk: $tool is missing (apt-get install -y gcc cmake valgrind)" >&2; exit 2; }
done

# As a firmware links it: no callers above the site, so no frame pointers (HL_CALLER_DEPTH=0).
cmake -S "$root/device" -B "$out/build" -DCMAKE_BUILD_TYPE=Release -DHL_CALLER_DEPTH=0 >/dev/null
cmake --build "$out/build" --target heapledger -j "$(nproc)" >/dev/null
wrap="-Wl,--wrap=malloc,--wrap=free,--wrap=calloc,--wrap=realloc"
gcc -O2 -std=c99 -o "$out/plain" "$here/bench_sdk.c" -lpthread
gcc -O2 -std=c99 -DWITH_SDK -I"$root/device/include" -o "$out/sdk" "$here/bench_sdk.c" \
    $wrap "$out/build/libheapledger.a" -lpthread -ldl

ns() { "$1" "$2" "$pairs" "$runs" ${3:-}; }

# Instructions per pair: the difference between two runs of different length divides out start-up
# and the warm-up, leaving the loop.
instructions() {
    local binary="$1" mode="$2" small=200000 large=400000 total_small total_large
    total_small=$(valgrind --tool=callgrind --callgrind-out-file="$out/cg.small" "$binary" "$mode" "$small" 1 >/dev/null 2>&1 &&
        awk '/^totals:/ {print $2}' "$out/cg.small")
    total_large=$(valgrind --tool=callgrind --callgrind-out-file="$out/cg.large" "$binary" "$mode" "$large" 1 >/dev/null 2>&1 &&
        awk '/^totals:/ {print $2}' "$out/cg.large")
    awk -v a="$total_small" -v b="$total_large" -v n=$((large - small)) 'BEGIN {printf "%.1f", (b - a) / n}'
}

plain_ns=$(ns "$out/plain" plain)
ledger_ns=$(ns "$out/sdk" ledger)
trace_ns=$(ns "$out/sdk" trace-null)
plain_mt_ns=$(ns "$out/plain" plain threaded)
ledger_mt_ns=$(ns "$out/sdk" ledger threaded)
trace_mt_ns=$(ns "$out/sdk" trace-null threaded)
plain_ir=$(instructions "$out/plain" plain)
ledger_ir=$(instructions "$out/sdk" ledger)
trace_ir=$(instructions "$out/sdk" trace-null)
rm -f "$out/cg.small" "$out/cg.large"

# 32-bit figures: the same structures compiled for i386 (no 32-bit C library needed).
gcc -m32 -ffreestanding -O2 -S -I"$root/device/include" -I"$root/device/src" -o "$out/footprint32.s" "$here/footprint32.c"
read -r row32 header32 tail32 tracked32 contract32 < <(awk '/\.long/ {printf "%s ", $2} END {print ""}' "$out/footprint32.s")

diff() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.1f", b - a}'; }

echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), glibc $(ldd --version | head -n1 | awk '{print $NF}')"
echo "pairs per run: $pairs, best of $runs runs; instructions from callgrind ($((400000 - 200000)) pairs)"
echo
printf '%-34s %10s %10s %12s %12s\n' "" "ns/pair" "added ns" "instr/pair" "added instr"
printf '%-34s %10s %10s %12s %12s\n' "plain glibc" "$plain_ns" "" "$plain_ir" ""
printf '%-34s %10s %10s %12s %12s\n' "SDK, ledger mode" "$ledger_ns" "$(diff "$plain_ns" "$ledger_ns")" "$ledger_ir" "$(diff "$plain_ir" "$ledger_ir")"
printf '%-34s %10s %10s %12s %12s\n' "SDK, trace mode, null output" "$trace_ns" "$(diff "$plain_ns" "$trace_ns")" "$trace_ir" "$(diff "$plain_ir" "$trace_ir")"
printf '%-34s %10s %10s\n' "plain glibc, 2 threads alive" "$plain_mt_ns" ""
printf '%-34s %10s %10s\n' "SDK, ledger, 2 threads alive" "$ledger_mt_ns" "$(diff "$plain_mt_ns" "$ledger_mt_ns")"
printf '%-34s %10s %10s\n' "SDK, trace null, 2 threads alive" "$trace_mt_ns" "$(diff "$plain_mt_ns" "$trace_mt_ns")"
echo
echo "RAM (bytes)                        this host   32-bit target"
"$out/sdk" footprint | awk -v row="$row32" -v header="$header32" -v tail="$tail32" -v tracked="$tracked32" -v contract="$contract32" '
    {v[$1] = $2}
    END {
        printf "%-34s %9s %15s\n", "per site row", v["site_row"], row
        printf "%-34s %9s %15s\n", "per live allocation (header+tail)", v["header"] + v["tail"], header + tail
        printf "%-34s %9s %15s\n", "per tracked pool block", v["tracked_entry"], tracked
        printf "%-34s %9s %15s\n", "per pending contract", v["contract_entry"], contract
        printf "%-34s %9s\n", "all tables, default sizes", v["total_static"]
    }'
