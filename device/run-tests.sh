#!/usr/bin/env bash
# Builds the device SDK twice and runs its CTest suite in each build: once as it ships (-O2, the
# warnings as errors) and once under AddressSanitizer and UndefinedBehaviorSanitizer. Exits
# non-zero if either build or any test fails.
#   device/run-tests.sh [BUILD_ROOT]     (default: a fresh temporary directory, removed afterwards)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

for tool in cmake ctest cc; do
    command -v "$tool" >/dev/null || { echo "run-tests.sh: $tool is missing (apt-get install -y cmake gcc)" >&2; exit 2; }
done

if [ $# -ge 1 ]; then
    root="$1"
    mkdir -p "$root"
else
    root="$(mktemp -d)"
    trap 'rm -rf "$root"' EXIT
fi
jobs="$(nproc 2>/dev/null || echo 2)"

status=0
run_build() {
    local name="$1"
    shift
    echo "== $name build" >&2
    if ! cmake -S "$here" -B "$root/$name" "$@" >"$root/$name.configure.log" 2>&1; then
        cat "$root/$name.configure.log" >&2
        echo "run-tests.sh: $name: configure failed" >&2
        status=1
        return
    fi
    if ! cmake --build "$root/$name" -j "$jobs" >"$root/$name.build.log" 2>&1; then
        cat "$root/$name.build.log" >&2
        echo "run-tests.sh: $name: build failed" >&2
        status=1
        return
    fi
    # halt_on_error: a sanitizer report ends the test with a failure instead of scrolling by.
    if ! (cd "$root/$name" && ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
        UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure --timeout 300 -j "$jobs"); then
        echo "run-tests.sh: $name: tests failed" >&2
        status=1
    fi
}

run_build release -DCMAKE_BUILD_TYPE=Release
run_build sanitize -DCMAKE_BUILD_TYPE=Debug -DHL_SANITIZE=ON

if [ $status -eq 0 ]; then
    echo "run-tests.sh: all device tests passed (release and ASan/UBSan builds)"
else
    echo "run-tests.sh: FAILED" >&2
fi
exit $status
