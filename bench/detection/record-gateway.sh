#!/usr/bin/env bash
# Records heap series from the gateway firmware simulation (device/examples/gateway) for the
# evaluation harness: SEEDS seeds of the unfixed firmware (leaking) and as many of the fixed one
# (healthy), hourly heap samples over DAYS days of simulated uptime.
#
#   bench/detection/record-gateway.sh [OUT.csv]      # default bench/out/detection/gateway.csv (git-ignored)
#   heapledger eval --recorded bench/out/detection/gateway.csv
#
# Writes OUT.csv (device,time,uptime_s,free,min_free,largest_free,heap_size,firmware; time in
# Unix seconds from 2026-01-01T00:00:00Z at boot) and OUT.truth.csv (device,leaking,onset,
# exhaustion): unfixed = leaking from boot, exhausted when the gateway's "heartbeats stopped at
# uptime" line says its heartbeat allocation failed; fixed = healthy. The samples after that
# moment stay in OUT.csv (the simulation keeps writing them); the harness drops them, as a server
# would never have received them.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/bench/out/detection/gateway.csv}
truth="${out%.csv}.truth.csv"
seeds=${SEEDS:-20}
days=${DAYS:-30}
build=${BUILD:-/tmp/heapledger-gateway-build}
boot=1767225600 # 2026-01-01T00:00:00Z

cmake -S "$root/device" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target gateway -j2 >/dev/null
gateway="$build/examples/gateway/gateway"
mkdir -p "$(dirname "$out")"

echo "device,time,uptime_s,free,min_free,largest_free,heap_size,firmware" >"$out"
echo "device,leaking,onset,exhaustion" >"$truth"

for seed in $(seq 1 "$seeds"); do
    for variant in unfixed fixed; do
        device=$(printf 'gw-s%02d-%s' "$seed" "$variant")
        flag=""
        firmware="1.4.2"
        if [ "$variant" = fixed ]; then
            flag="--fixed"
            firmware="1.4.2-fixed"
        fi

        # shellcheck disable=SC2086 # $flag is empty or one word
        "$gateway" --mode ledger --uptime-days "$days" --seed "$seed" --sample-ms 3600000 $flag |
            awk -v device="$device" -v firmware="$firmware" -v boot="$boot" -v series="$out" -v truth="$truth" -v variant="$variant" '
                function hex(s,    i, n, c) {
                    n = 0
                    for (i = 1; i <= length(s); i++) {
                        c = index("0123456789abcdef", substr(s, i, 1))
                        if (c == 0) { return -1 }
                        n = n * 16 + c - 1
                    }
                    return n
                }
                # #HL <seq> S <time-ms> <free> <min-free> <largest> <heap-size> *<crc>
                {
                    at = index($0, "#HL ")
                    if (at > 0) {
                        split(substr($0, at), f, " ")
                        if (f[3] == "S" && substr(f[9], 1, 1) == "*") {
                            ms = hex(f[4])
                            printf "%s,%d,%d,%d,%d,%d,%d,%s\n", device, boot + int(ms / 1000), int(ms / 1000), hex(f[5]), hex(f[6]), hex(f[7]), hex(f[8]), firmware >> series
                        }
                    }
                }
                # summary: ... heartbeats stopped at uptime 11d 07:03:01 (11.3 days), ...
                /summary: .*heartbeats stopped at uptime/ {
                    exhaustion = ""
                    if (match($0, /uptime [0-9]+d [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/)) {
                        split(substr($0, RSTART + 7, RLENGTH - 7), u, /[d :]+/)
                        exhaustion = boot + u[1] * 86400 + u[2] * 3600 + u[3] * 60 + u[4]
                    }
                    leaking = variant == "unfixed" ? "true" : "false"
                    onset = leaking == "true" ? boot : ""
                    printf "%s,%s,%s,%s\n", device, leaking, onset, exhaustion >> truth
                    found = 1
                }
                END { if (!found) { print device ": no summary line from the gateway" > "/dev/stderr"; exit 1 } }'
    done
done

echo "wrote $out ($(($(wc -l <"$out") - 1)) samples) and $truth ($(($(wc -l <"$truth") - 1)) devices)"
