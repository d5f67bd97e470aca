#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a full test run: installs
# what is missing, builds, and runs every test stage:
#   unit    the whole suite (ctest) on a RelWithDebInfo build      (build/)
#   asan    the whole suite under AddressSanitizer + UBSan, built with
#           clang and its thread-safety analysis as errors        (build-asan/)
#   tsan    the concurrency tests under ThreadSanitizer            (build-tsan/):
#           snapshot swaps under concurrent decisions, every ledger store
#           under concurrent writers, the learner and its model refresher. (Debian's gRPC is not built with TSan,
#           so tests through gRPC run under ASan, not TSan.)
#   fuzz    each libFuzzer target for FUZZ_SECONDS (default 30)    (build-fuzz/)
#   deploy  every file in deploy/ checked with its real tool
# TEST_STAGES picks a subset, e.g. TEST_STAGES="unit" scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
STAGES=${TEST_STAGES:-unit asan tsan fuzz deploy}
JOBS=${JOBS:-$(nproc)}
export JOBS

scripts/install-deps.sh

stage() { echo; echo "=== test stage: $1 ($(date -u +%H:%M:%S))"; }

# Runs ctest, keeping its output, and adds its counts to the totals that the
# last line reports.
PASSED=0
FAILED=0
run_ctest() {
  local log rc=0
  log=$(mktemp)
  ctest "$@" 2>&1 | tee "$log" || rc=$?
  local line
  line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1 || true)
  rm -f "$log"
  if [[ $line =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    FAILED=$((FAILED + BASH_REMATCH[1]))
    PASSED=$((PASSED + BASH_REMATCH[2] - BASH_REMATCH[1]))
  fi
  return "$rc"
}

for s in $STAGES; do
  case "$s" in
    unit)
      stage unit
      BUILD_DIR=build scripts/build.sh
      run_ctest --test-dir build --output-on-failure --timeout 600 -j "$JOBS"
      ;;
    asan)
      stage "asan+ubsan (clang, -Wthread-safety)"
      BUILD_DIR=build-asan BUILD_TYPE=Debug scripts/build.sh \
        -DCMAKE_CXX_COMPILER=clang++ -DOFFERGRAPH_THREAD_SAFETY_ANALYSIS=ON \
        -DOFFERGRAPH_SANITIZE="address;undefined" -DOFFERGRAPH_BUILD_BENCHMARKS=OFF
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        run_ctest --test-dir build-asan --output-on-failure --timeout 900 -j "$JOBS"
      ;;
    tsan)
      stage tsan
      BUILD_DIR=build-tsan BUILD_TYPE=RelWithDebInfo \
        TARGETS="offergraph_snapshot_test offergraph_ledger_test offergraph_learn_test" scripts/build.sh \
        -DOFFERGRAPH_SANITIZE=thread -DOFFERGRAPH_BUILD_BENCHMARKS=OFF
      TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp" \
        run_ctest --test-dir build-tsan --output-on-failure --timeout 900 -j "$JOBS" \
        -R "${TSAN_TESTS:-Concurren|Ledger|ModelRefresher|SharedEvidence|Learner}"
      ;;
    fuzz)
      stage fuzz
      FUZZ_SECONDS=${FUZZ_SECONDS:-30} scripts/fuzz.sh
      ;;
    deploy)
      stage deploy
      if [[ -x scripts/check-deploy.sh ]]; then
        scripts/check-deploy.sh
      else
        echo "no scripts/check-deploy.sh yet"
      fi
      ;;
    *)
      echo "unknown test stage: $s" >&2
      exit 2
      ;;
  esac
done
echo; echo "=== all test stages passed: $STAGES"
echo "ctest: $PASSED passed, $FAILED failed"
