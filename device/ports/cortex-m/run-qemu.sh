#!/bin/sh
# Runs a firmware ELF for the MPS2 AN385 board (Cortex-M3) in QEMU, UART0 on standard output, and
# exits with the firmware's own exit status (semihosting SYS_EXIT), or 124 if it runs too long.
#
#   run-qemu.sh FIRMWARE.elf [extra qemu-system-arm arguments...]
#
#   HL_QEMU_TIMEOUT   seconds before the run is stopped (default 30; 0 = no limit)
#   HL_QEMU           the QEMU binary (default qemu-system-arm)
#
# Extra arguments go after the defaults, e.g. UART0 on a TCP port instead of standard output
# (QEMU waits for a client before it starts the CPU):
#   run-qemu.sh fw.elf -monitor none -serial tcp:127.0.0.1:5555,server=on,wait=on
set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 FIRMWARE.elf [qemu-system-arm arguments...]" >&2
    exit 2
fi
elf=$1
shift
if [ ! -f "$elf" ]; then
    echo "$0: no such firmware: $elf" >&2
    exit 2
fi

qemu=${HL_QEMU:-qemu-system-arm}
if ! command -v "$qemu" >/dev/null 2>&1; then
    echo "$0: $qemu not found (Debian: apt-get install qemu-system-arm)" >&2
    exit 2
fi

# --foreground: QEMU -nographic puts the terminal in raw mode and reads it; in timeout's own
#   process group it would be stopped (SIGTTIN) the moment it touched an interactive terminal.
# -no-reboot: a firmware that resets itself (SYSRESETREQ) ends the run instead of looping.
# -semihosting-config ...,target=native: without it the BKPT that _exit uses faults, and the
#   firmware can never stop QEMU.
exec timeout --foreground --kill-after=5 "${HL_QEMU_TIMEOUT:-30}" \
    "$qemu" -M mps2-an385 -nographic -no-reboot \
    -semihosting-config enable=on,target=native \
    -kernel "$elf" "$@"
