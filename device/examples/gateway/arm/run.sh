#!/bin/sh
# Builds the gateway firmware for the MPS2 AN385 (Cortex-M3) if needed and runs it in QEMU, UART0
# (console lines and HeapLedger records) on standard output; exits with the firmware's status.
#
#   run.sh [BUILD_DIR] [-- GATEWAY_OPTIONS...]
#   run.sh /tmp/gw-arm -- --mode trace --uptime-days 20 > arm.log
#   run.sh /tmp/gw-arm -- --mode ledger | heapledger watch - --elf /tmp/gw-arm/gateway.elf
#
# BUILD_DIR defaults to ${TMPDIR:-/tmp}/heapledger-gateway-arm. It is configured with the
# arm-none-eabi toolchain file when it has no CMakeCache.txt, and brought up to date on every run
# (cmake --build; its output goes to BUILD_DIR/run-build.log and, if the build fails, to stderr,
# so that standard output carries nothing but the UART).
#
# The gateway options reach the firmware as QEMU's -append string, which it reads by semihosting
# (SYS_GET_CMDLINE). With none, the firmware uses the GATEWAY_ARGS it was built with. Options are
# joined with single spaces, so none may contain a blank.
#
#   HL_QEMU_TIMEOUT  seconds before QEMU is stopped (status 124); default here 600, 0 = no limit
#   HL_QEMU          the QEMU binary (default qemu-system-arm)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)

build=${TMPDIR:-/tmp}/heapledger-gateway-arm
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    build=$1
    shift
fi
if [ $# -gt 0 ]; then
    if [ "$1" != "--" ]; then
        echo "usage: $0 [BUILD_DIR] [-- GATEWAY_OPTIONS...]" >&2
        exit 2
    fi
    shift
fi

cmdline=
for argument in "$@"; do
    case $argument in
    "" | *[[:space:]]*)
        echo "$0: '$argument': options cannot be empty or contain blanks (QEMU splits -append at spaces)" >&2
        exit 2
        ;;
    esac
    cmdline="${cmdline:+$cmdline }$argument"
done

mkdir -p "$build"
log="$build/run-build.log"
if [ ! -f "$build/CMakeCache.txt" ]; then
    if ! cmake -S "$here" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$repo/device/cmake/arm-none-eabi.cmake" >"$log" 2>&1; then
        cat "$log" >&2
        echo "$0: configuring $build failed" >&2
        exit 2
    fi
fi
if ! cmake --build "$build" --target gateway >"$log" 2>&1; then
    cat "$log" >&2
    echo "$0: building $build failed" >&2
    exit 2
fi

export HL_QEMU_TIMEOUT="${HL_QEMU_TIMEOUT:-600}"
# From inside the build directory, so that the kernel path QEMU puts in front of the -append string
# (the first word of SYS_GET_CMDLINE, the program name to the firmware) is "gateway.elf", whatever
# blanks the build directory's path may have.
cd "$build"
if [ -n "$cmdline" ]; then
    exec "$repo/device/ports/cortex-m/run-qemu.sh" gateway.elf -append "$cmdline"
fi
exec "$repo/device/ports/cortex-m/run-qemu.sh" gateway.elf
