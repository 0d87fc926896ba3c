#!/bin/sh
# CTest driver for the gateway: runs it with HEAPLEDGER_OUT, checks the console's summary line and
# the record file (hl_check_records: CRCs, sequence, counts per kind).
#   check_gateway.sh GATEWAY CHECKER unfixed|fixed|contracts|trace
set -eu
gateway=$1
checker=$2
case_name=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
    HEAPLEDGER_OUT="$work/records.txt" "$gateway" "$@" >"$work/console.txt"
    if grep -q '#HL ' "$work/console.txt"; then
        echo "records on the console although HEAPLEDGER_OUT was set" >&2
        exit 1
    fi
    summary=$(grep 'summary:' "$work/console.txt")
    echo "$summary"
}

expect() {
    if ! echo "$summary" | grep -Eq "$1"; then
        echo "summary does not match /$1/" >&2
        cat "$work/console.txt" >&2
        exit 1
    fi
}

case "$case_name" in
unfixed)
    # The silent failure: heartbeats stop after days, the program runs on to day 30.
    run
    expect 'heartbeats stopped at uptime ([3-9]|1[0-6])d '
    grep -q 'server: no heartbeat for 10 minutes' "$work/console.txt"
    grep -q '^\[30d 00:00:00\] status: day 30' "$work/console.txt"
    "$checker" "$work/records.txt" 'H=1' 'S>=100' 'L>=100' 'A=0' 'F=0' 'G=0' 'C=0'
    ;;
fixed)
    run --fixed --contracts
    expect 'heartbeats sent 43200, heartbeats stopped at uptime never, allocation failures 0'
    "$checker" "$work/records.txt" 'H=1' 'S>=100' 'G=0' 'C=0' 'O=0'
    ;;
contracts)
    # Every leaked retry frame is reported once, five seconds (one tick more) after it was handed over.
    run --contracts --uptime-days 3
    "$checker" "$work/records.txt" 'H=1' 'C>=10' 'G=0'
    grep '#HL [0-9a-f]* C ' "$work/records.txt" | head -n 1 | grep -q ' 1770 modem_receive retry frame \*'
    ;;
trace)
    run --mode trace --uptime-days 2 --sample-ms 3600000
    "$checker" "$work/records.txt" 'H=1' 'A>=1000' 'F>=1000' 'S>=48' 'G=0'
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
