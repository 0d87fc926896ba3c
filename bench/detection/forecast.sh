#!/usr/bin/env bash
# heapledger forecast on a fleet's heap series against plain per-device peers on the same file.
#
# Writes 10,000 devices x 90 days of hourly heartbeats with `heapledger eval --write` (about
# 1.6 GB, kept in bench/out/detection/ and reused while the generator's source is unchanged),
# then, in the same run and ROUNDS times in turn (default 3), times and takes the peak RSS of:
#   wc -l FILE                          the I/O floor
#   awk -f peers/slope.awk FILE         each device's least-squares slope of used heap (mawk if installed)
#   python3 peers/slope.py FILE         the same with Python's csv and datetime
#   heapledger forecast FILE --format json
# and heapledger forecast on 1,000 devices, to show that memory does not grow with the fleet.
# Prints samples/s, median seconds and peak MiB of each, and heapledger's ratios to each peer.
# Usage: bench/detection/forecast.sh   (ROUNDS=3 DEVICES=10000 SMALL=1000 DAYS=90 override)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$(dirname "$here")")"
out="$root/bench/out/detection"
rounds="${ROUNDS:-3}"
devices="${DEVICES:-10000}"
small="${SMALL:-1000}"
days="${DAYS:-90}"
mkdir -p "$out"

for tool in dotnet python3 wc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y time python3)" >&2; exit 2; }
done
awk="$(command -v mawk || command -v awk)"

dotnet build -c Release "$root/src/HeapLedger.Cli" -v quiet -nologo >/dev/null
heapledger="$root/src/HeapLedger.Cli/bin/Release/net10.0/heapledger"

# The fleet is a pure function of the generator's code and the options: key the file by both.
sum="$(cat "$root"/src/HeapLedger.Detection/Evaluation/{FleetGenerator,FleetOptions,DeviceProfile,DeviceSimulator,SeededRandom,FleetCsvWriter}.cs | sha256sum | cut -c1-12)"
fleet() { # devices -> path of the CSV, written if missing
  local file="$out/fleet-$1x$days-$sum.csv"
  if [ ! -f "$file" ]; then
    rm -f "$out/fleet-$1x$days-"*.csv
    echo "writing $1 devices x $days days to $file..." >&2
    "$heapledger" eval --devices "$1" --days "$days" --write "$file" >&2
  fi
  echo "$file"
}
big="$(fleet "$devices")"
little="$(fleet "$small")"
wc -l "$big" "$little" >/dev/null # read once, so that every timed run finds it in the page cache
samples=$(($(wc -l <"$big") - 1))

measure() { # name, exit codes that mean success, command... -> appends its seconds and KiB to wall[name] and rss[name]
  local name="$1" ok="$2" seconds kilobytes status; shift 2
  /usr/bin/time -f "%e %M %x" -o "$out/time.$name" "$@" >/dev/null 2>"$out/err.$name" || true
  read -r seconds kilobytes status < <(tail -n 1 "$out/time.$name")
  if [[ " $ok " != *" $status "* ]]; then
    echo "bench: $name exited with $status:" >&2; tail -n 5 "$out/err.$name" >&2; exit 1
  fi
  wall[$name]+="$seconds "; rss[$name]+="$kilobytes "
}

tools=(floor awk python heapledger small)
declare -A wall rss
for tool in "${tools[@]}"; do wall[$tool]=""; rss[$tool]=""; done
for ((i = 1; i <= rounds; i++)); do
  measure floor 0 wc -l "$big"
  measure awk 0 "$awk" -f "$here/peers/slope.awk" "$big"
  measure python 0 python3 "$here/peers/slope.py" "$big"
  # forecast exits 1 when a device runs out within the horizon: the fleet has such devices.
  measure heapledger "0 1" "$heapledger" forecast "$big" --format json
  measure small "0 1" "$heapledger" forecast "$little" --format json
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
worst() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -n 1; }
declare -A med peak
for tool in "${tools[@]}"; do med[$tool]=$(median <<<"${wall[$tool]}"); peak[$tool]=$(worst <<<"${rss[$tool]}"); done

label() { case "$1" in
  floor) echo "wc -l" ;; awk) echo "$(basename "$awk") slope.awk" ;; python) echo "python3 slope.py" ;;
  heapledger) echo "heapledger forecast" ;; esac; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input:   $big ($(du -h "$big" | cut -f1), $devices devices x $days days, $samples heartbeats)"
printf '%-24s %-24s %-10s %-14s %s\n' tool "wall s (each run)" "median s" "samples/s" "peak RSS MiB (max)"
for tool in floor awk python heapledger; do
  printf '%-24s %-24s %-10s %-14s %s\n' "$(label $tool)" "${wall[$tool]}" "${med[$tool]}" \
    "$(awk -v n="$samples" -v s="${med[$tool]}" 'BEGIN { printf "%.2fM", n / s / 1e6 }')" "$((peak[$tool] / 1024))"
done
for tool in awk python; do
  echo "$(label $tool) / heapledger wall: $(awk -v a="${med[$tool]}" -v b="${med[heapledger]}" 'BEGIN { printf "%.2fx", a / b }'); heapledger / $(label $tool) peak RSS: $(awk -v a="${peak[heapledger]}" -v b="${peak[$tool]}" 'BEGIN { printf "%.1fx", a / b }')"
done
echo "heapledger / wc -l wall: $(awk -v a="${med[heapledger]}" -v b="${med[floor]}" 'BEGIN { printf "%.1fx", a / b }') (the I/O floor)"
echo "memory against the fleet: heapledger forecast peak RSS $((peak[small] / 1024)) MiB on $small devices (median ${med[small]} s), $((peak[heapledger] / 1024)) MiB on $devices"
