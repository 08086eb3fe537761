#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every test file of tests/ run on its own: one pytest process per file (brownie's plugin, no
# xdist), each with an anvil of its own on a free port, JOBS at a time (default: the core count).
# A file that passes here needs nothing another file left behind (issue 31). Prints a table of
# file, result and time, then the counts; exits 1 if any file failed.
#
#   make test-alone                          every file
#   make test-alone FILES="tests/sharing"    the files under a folder (or named files)
#   JOBS=1 tools/each-test-file-alone.sh tests/toolkit/test_licence.py
#
# Each file's output is kept in out/test-alone/<path with / as __>.log and the table in
# out/test-alone/summary.tsv. COBUILD_TEST_SEED is passed on when set (the order of the tests
# within each file; tests/conftest.py prints it). Run from the checkout's root after `make setup`
# (the Makefile target does both).
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
export PATH="$ROOT/node_modules/.bin:$BIN:$PATH" PYTHONPATH="$ROOT" PYTHONUNBUFFERED=1
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 1)}
# a file that hangs is stopped after this many seconds and reported as such
FILE_TIMEOUT=${FILE_TIMEOUT:-1800}
OUT=${OUT:-$ROOT/out/test-alone}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(tests)
mapfile -t files < <(find "${targets[@]}" -name 'test_*.py' -type f | sed 's#^\./##' | sort -u)
if [ ${#files[@]} -eq 0 ]; then
    echo "error: no test files under ${targets[*]}" >&2
    exit 2
fi

rm -rf "$OUT" && mkdir -p "$OUT" || exit 2
# one folder of solc outputs by input for every run, as `make test` gives its workers
cache=$(mktemp -d "${TMPDIR:-/tmp}/cobuild-solc-cache.XXXXXX")
trap 'rm -rf "$cache"' EXIT
export COBUILD_SOLC_CACHE=$cache
# compile once, in one process: runs that each find no build would compile into build/ at once
echo "python -m cobuild compile"
"$BIN/python" -m cobuild compile || exit 2

echo "${#files[@]} test files, $JOBS at a time, logs in ${OUT#"$ROOT"/}/"
start=$(date +%s)

# one file: its log, then a line "file<TAB>exit status<TAB>seconds<TAB>pytest's last line"
run_one() {
    local file=$1 log began status took last
    log="$OUT/$(echo "$file" | sed 's#/#__#g').log"
    began=$(date +%s.%N)
    timeout --kill-after=30 "$FILE_TIMEOUT" "$BIN/brownie" test "$file" -n 0 -p no:cacheprovider \
        >"$log" 2>&1 </dev/null
    status=$?
    took=$(echo "$(date +%s.%N) - $began" | bc)
    last=$(grep -E '^=+ .*(passed|failed|error|no tests ran|skipped|deselected).* =+$' "$log" |
        tail -n 1 | sed -E 's/^=+ //; s/ =+$//')
    [ "$status" -eq 124 ] && last="stopped after ${FILE_TIMEOUT} s"
    printf '%s\t%s\t%.1f\t%s\n' "$file" "$status" "$took" "${last:-no summary (see log)}" \
        >>"$OUT/results.tsv"
    printf '%-70s %s %6.1f s\n' "$file" "$([ "$status" -eq 0 ] && echo ok || echo FAILED)" "$took"
}
export -f run_one
export OUT BIN FILE_TIMEOUT

printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P "$JOBS" bash -c 'run_one "$1"' _

wall=$(($(date +%s) - start))
sort "$OUT/results.tsv" >"$OUT/summary.tsv"
echo
printf '%-70s %-7s %8s  %s\n' file result seconds "pytest's summary"
failed=0
total=0
sum=0
while IFS=$'\t' read -r file status took last; do
    total=$((total + 1))
    result=passed
    if [ "$status" -ne 0 ]; then
        result=FAILED
        failed=$((failed + 1))
    fi
    sum=$(echo "$sum + $took" | bc)
    printf '%-70s %-7s %8s  %s\n' "$file" "$result" "$took" "$last"
done <"$OUT/summary.tsv"
echo
echo "$total files run alone: $((total - failed)) passed, $failed failed;" \
    "$(printf '%.0f' "$sum") s of runs in $wall s wall clock ($JOBS at a time)"
[ "$failed" -eq 0 ]
