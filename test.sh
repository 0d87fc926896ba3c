#!/usr/bin/env bash
# The one command that runs every test. It installs what the machine lacks (Debian packages:
# gcc, cmake, curl, heaptrack, zstd, binutils, llvm, clang, chromium, the arm-none-eabi toolchain with
# newlib, qemu-system-arm, mosquitto, the PostgreSQL server), then runs the whole solution's
# tests, which include the device SDK's CTest suites, and ends with one line "N passed, N failed,
# N skipped" counted from the results.
set -uo pipefail
cd "$(dirname "$0")"

need=()
command -v gcc >/dev/null || need+=(gcc libc6-dev)
command -v heaptrack >/dev/null || need+=(heaptrack)
command -v heaptrack_print >/dev/null || need+=(heaptrack)
command -v zstd >/dev/null || need+=(zstd)
command -v addr2line >/dev/null || need+=(binutils)
command -v objdump >/dev/null || need+=(binutils)
command -v llvm-symbolizer >/dev/null || need+=(llvm)
command -v clang >/dev/null || command -v clang-14 >/dev/null || need+=(clang)
[ -x /usr/bin/chromium ] || need+=(chromium fonts-liberation)
command -v cmake >/dev/null || need+=(cmake)
# The fleet service test runs the README's curl lines as printed.
command -v curl >/dev/null || need+=(curl)
# The MQTT ingest tests start a real broker (Debian puts it in /usr/sbin).
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v ctest >/dev/null || need+=(cmake)
# The gateway firmware is also built for a Cortex-M3 and run under QEMU.
command -v arm-none-eabi-gcc >/dev/null || need+=(gcc-arm-none-eabi binutils-arm-none-eabi)
[ -e /usr/lib/arm-none-eabi/newlib/libc.a ] || [ -e /usr/lib/arm-none-eabi/lib/libc.a ] || need+=(libnewlib-arm-none-eabi)
command -v qemu-system-arm >/dev/null || need+=(qemu-system-arm)
# The fleet store's tests start a throw-away PostgreSQL cluster with initdb and pg_ctl (Debian
# keeps them in /usr/lib/postgresql/N/bin, off PATH); the package also makes the postgres user they run as.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "test.sh: installing ${need[*]}" >&2
  $sudo apt-get update -q >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2 \
    || { echo "test.sh: could not install ${need[*]}" >&2; echo "0 passed, 1 failed"; exit 1; }
fi

results="TestResults"
rm -rf "$results"
status=0
if dotnet build HeapLedger.slnx -nologo -v quiet; then
  # One results directory per project: trx files are named by timestamp and could collide.
  for project in tests/*/*.csproj; do
    name="$(basename "$project" .csproj)"
    dotnet test "$project" --no-build --logger trx --results-directory "$results/$name" "$@" || status=$?
  done
else
  status=1
fi

passed=0; failed=0; skipped=0
shopt -s nullglob
trx=("$results"/*/*.trx)
for file in "${trx[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$file" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1 # the build or a test host failed before any result was written
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
