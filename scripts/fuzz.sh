#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz and
# fuzzes each for FUZZ_SECONDS (default 60), starting from its seed corpus.
# New inputs go to a scratch copy, never into the repository. A crash stops
# the script with the reproducer's path; add it to tests/fuzz/corpus/<target>/
# as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOFFERGRAPH_FUZZ=ON \
  -DOFFERGRAPH_BUILD_BENCHMARKS=OFF >/dev/null
targets=(catalog edges rules suggest deals)
cmake --build "$BUILD_DIR" --parallel "${JOBS:-$(nproc)}" \
  --target "${targets[@]/%/_fuzz}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in "${targets[@]}"; do
  mkdir -p "$scratch/$t" "$scratch/crash-$t"
  cp tests/fuzz/corpus/$t/* "$scratch/$t/"
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
  "$BUILD_DIR/tests/fuzz/${t}_fuzz" "$scratch/$t" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$scratch/crash-$t/" -print_final_stats=1 \
    2>"$scratch/$t.log" || {
      tail -40 "$scratch/$t.log"
      echo "fuzz: $t FAILED; reproducer in $scratch/crash-$t (kept)"
      trap - EXIT
      exit 1
    }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/$t.log" |
    sed "s/^/fuzz: $t /"
done
