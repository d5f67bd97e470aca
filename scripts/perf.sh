#!/usr/bin/env bash
# Runs the whole performance suite side by side in one run and writes
# docs/PERFORMANCE.md (figures are medians of rounds that alternate between
# the servers, because the machine is shared and noisy).
#
#   scripts/perf.sh                 # build (Release) if needed, generate data
#                                   # into build/perf-data unless present, run
#   BUILD_DIR=build-x scripts/perf.sh   # reuse another build directory
#
# Environment knobs (defaults in brackets): BUILD_DIR [build], DATA_DIR
# [$BUILD_DIR/perf-data], PRODUCTS [1000000], EDGES [10000000], ROUNDS [3],
# SECONDS_PER_RUN [8], CONCURRENCY [32], CART_LINES [5], JOBS [2],
# LEDGER [memory], OUT [docs/PERFORMANCE.md], RELOADS [ROUNDS].
# Takes about 5 minutes at the default scale on 2 cores. Not part of ctest.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/perf-data}
PRODUCTS=${PRODUCTS:-1000000}
EDGES=${EDGES:-10000000}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
CONCURRENCY=${CONCURRENCY:-32}
CART_LINES=${CART_LINES:-5}
JOBS=${JOBS:-2}
LEDGER=${LEDGER:-memory}
OUT=${OUT:-docs/PERFORMANCE.md}
GRPC_PORT=${GRPC_PORT:-50151}
NOOP_PORT=${NOOP_PORT:-50161}
METRICS_PORT=${METRICS_PORT:-19464}
HTTP_PORT=${HTTP_PORT:-18151}
WORK=$(mktemp -d /tmp/offergraph-perf.XXXXXX)
RESULTS=$WORK/results.jsonl   # every figure, one JSON object per line

log() { echo "perf.sh: $*" >&2; }
record() { echo "$1" >>"$RESULTS"; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# --- 1. Build ---------------------------------------------------------------
TARGETS=(offergraph-server offergraph offergraph-gen offergraph-loadgen
  offergraph-noop-server engine_bench metrics_bench)
if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
  log "configuring $BUILD_DIR (Release)"
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DOFFERGRAPH_BUILD_BENCHMARKS=ON >/dev/null
elif ! grep -q '^OFFERGRAPH_BUILD_BENCHMARKS:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
  cmake -S . -B "$BUILD_DIR" -DOFFERGRAPH_BUILD_BENCHMARKS=ON >/dev/null
fi
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt")
log "building ${TARGETS[*]} in $BUILD_DIR ($BUILD_TYPE)"
cmake --build "$BUILD_DIR" --target "${TARGETS[@]}" -j"$JOBS" >/dev/null
SERVER=$BUILD_DIR/src/server/offergraph-server
CLI=$BUILD_DIR/src/cli/offergraph
GEN=$BUILD_DIR/src/tools/offergraph-gen
LOADGEN=$BUILD_DIR/src/tools/offergraph-loadgen
NOOP=$BUILD_DIR/src/tools/offergraph-noop-server

# --- 2. Data ----------------------------------------------------------------
if [[ ! -f $DATA_DIR/catalog.csv || ! -f $DATA_DIR/edges.csv ]]; then
  log "generating $PRODUCTS products and $EDGES edges into $DATA_DIR"
  GEN_OUT=$("$GEN" --out_dir="$DATA_DIR" --products="$PRODUCTS" --edges="$EDGES" --seed=1)
  echo "$GEN_OUT" >"$DATA_DIR/GENERATED"
fi
GEN_LINE=$(cat "$DATA_DIR/GENERATED" 2>/dev/null || echo "(generated elsewhere)")
record "$(python3 -c 'import json,sys; print(json.dumps({"kind":"gen","line":sys.argv[1]}))' "$GEN_LINE")"
CATALOG_BYTES=$(stat -c %s "$DATA_DIR/catalog.csv")
EDGES_BYTES=$(stat -c %s "$DATA_DIR/edges.csv")

# --- 3. Micro-benchmarks ----------------------------------------------------
log "metrics_bench"
"$BUILD_DIR/bench/metrics_bench" --benchmark_min_time=0.3 \
  --benchmark_format=json >"$WORK/metrics_bench.json" 2>/dev/null
log "engine_bench (loads the data once)"
"$BUILD_DIR/bench/engine_bench" --data_dir="$DATA_DIR" --benchmark_min_time=0.5 \
  --benchmark_format=json --benchmark_out="$WORK/engine_bench.json" \
  --benchmark_out_format=json >"$WORK/engine_bench.txt" 2>&1

# --- 4. Servers: load time and peak memory ----------------------------------
# Waits for a "ready" line on a server's stdout.
wait_ready() {
  local file=$1 pid=$2
  for _ in $(seq 1 600); do
    grep -q ready "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "server exited:"; cat "$file" "$file.err" >&2; exit 1; }
    sleep 0.1
  done
  log "server not ready after 60 s"; exit 1
}
vm() { awk -v k="$2:" '$1==k {print $2}' "/proc/$1/status"; }  # kB
# The value of an unlabelled gauge on offergraph-server's /metrics.
gauge() {
  python3 - "http://127.0.0.1:$METRICS_PORT/metrics" "$1" <<'EOF'
import sys, urllib.request
for line in urllib.request.urlopen(sys.argv[1], timeout=10).read().decode().splitlines():
    if line.startswith(sys.argv[2] + " "):
        print(repr(float(line.split()[1])))
EOF
}

log "starting offergraph-server on the data (ledger: $LEDGER)"
LEDGER_DIR=$WORK/ledger
START_NS=$(date +%s%N)
"$SERVER" --data_dir="$DATA_DIR" --grpc_address=127.0.0.1:$GRPC_PORT \
  --metrics_address=127.0.0.1:$METRICS_PORT --http_address=127.0.0.1:$HTTP_PORT \
  --ledger_store="$LEDGER" \
  --ledger_dir="$LEDGER_DIR" >"$WORK/server.out" 2>"$WORK/server.out.err" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
wait_ready "$WORK/server.out" "$SERVER_PID"
READY_MS=$((($(date +%s%N) - START_NS) / 1000000))
LOAD_MS=$(sed -n 's/.*generation 1 loaded.* in \([0-9.]*\) ms.*/\1/p' "$WORK/server.out.err" | head -1)
HWM_KB=$(vm "$SERVER_PID" VmHWM)
RSS_KB=$(vm "$SERVER_PID" VmRSS)
CATALOG_HEAP=$(gauge offergraph_snapshot_catalog_bytes)
GRAPH_HEAP=$(gauge offergraph_snapshot_graph_bytes)
record "{\"kind\":\"load\",\"load_ms\":$LOAD_MS,\"ready_ms\":$READY_MS,\"hwm_kb\":$HWM_KB,\"rss_kb\":$RSS_KB,\"catalog_bytes\":$CATALOG_BYTES,\"edges_bytes\":$EDGES_BYTES,\"catalog_heap\":${CATALOG_HEAP:-0},\"graph_heap\":${GRAPH_HEAP:-0}}"
STATUS=$("$CLI" --server=127.0.0.1:$GRPC_PORT status 2>&1 || true)
echo "$STATUS" >"$WORK/status.txt"

"$NOOP" --grpc_address=127.0.0.1:$NOOP_PORT >"$WORK/noop.out" 2>"$WORK/noop.out.err" &
NOOP_PID=$!
PIDS+=("$NOOP_PID")
wait_ready "$WORK/noop.out" "$NOOP_PID"

# --- 5. Closed loop, alternating rounds -------------------------------------
loadgen() {  # label target extra-args...
  local label=$1 target=$2
  shift 2
  "$LOADGEN" --target="$target" --data_dir="$DATA_DIR" --cart_lines="$CART_LINES" \
    --label="$label" --json "$@" 2>>"$WORK/loadgen.err"
}
for r in $(seq 1 "$ROUNDS"); do
  log "closed loop round $r/$ROUNDS (concurrency $CONCURRENCY, ${SECONDS_PER_RUN}s each)"
  record "$(loadgen noop_closed 127.0.0.1:$NOOP_PORT --concurrency="$CONCURRENCY" --duration_s="$SECONDS_PER_RUN")"
  record "$(loadgen offergraph_closed 127.0.0.1:$GRPC_PORT --concurrency="$CONCURRENCY" --duration_s="$SECONDS_PER_RUN")"
done
MAX_RPS=$(python3 scripts/perf_report.py max-rps "$RESULTS")
HALF_RPS=$((MAX_RPS / 2))

# --- 6. Open loop at half the maximum throughput ----------------------------
for r in $(seq 1 "$ROUNDS"); do
  log "open loop round $r/$ROUNDS at $HALF_RPS/s"
  record "$(loadgen noop_open 127.0.0.1:$NOOP_PORT --rate="$HALF_RPS" --duration_s="$SECONDS_PER_RUN")"
  record "$(loadgen offergraph_open 127.0.0.1:$GRPC_PORT --rate="$HALF_RPS" --duration_s="$SECONDS_PER_RUN")"
done

# --- 7. Reload under load ---------------------------------------------------
# RELOADS rounds (default ROUNDS), each one Reload of the same files under
# open-loop load; the report gives each round and their median, since one
# second of one run is at the mercy of the machine's other tenants.
RELOADS=${RELOADS:-$ROUNDS}
for r in $(seq 1 "$RELOADS"); do
  log "reload $r/$RELOADS under open-loop load at $HALF_RPS/s"
  RSS_BEFORE_RELOAD=$(vm "$SERVER_PID" VmRSS)
  RELOAD_OUT=$(loadgen "offergraph_reload_$r" 127.0.0.1:$GRPC_PORT --rate="$HALF_RPS" \
    --duration_s=$((SECONDS_PER_RUN + 8)) --command_at_s=3 --command_settle_s=1 \
    --samples_out="$WORK/reload_samples_$r.csv" \
    --command="$CLI --server=127.0.0.1:$GRPC_PORT reload >$WORK/reload_$r.out 2>&1")
  while read -r line; do record "${line/#\{\"command_exit\"/\{\"round\":$r,\"command_exit\"}"; done <<<"$RELOAD_OUT"
  RSS_AFTER_RELOAD=$(vm "$SERVER_PID" VmRSS)
  HWM_AFTER_RELOAD=$(vm "$SERVER_PID" VmHWM)
  RELOAD_MS=$(sed -n "s/.*generation $((r + 1)) loaded.* in \([0-9.]*\) ms.*/\1/p" "$WORK/server.out.err" | head -1)
  FREE_MS=$(awk -v r="$r" '/previous snapshot freed/ && ++n == r {
    sub(/.*freed in /, ""); sub(/ ms.*/, ""); print }' "$WORK/server.out.err")
  # The moment the new snapshot was finished and published, from the
  # server's own gauge (Unix time with sub-millisecond precision): the swap
  # window starts there, whatever the Reload RPC's return added.
  PUBLISHED_AT=$(gauge offergraph_snapshot_loaded_timestamp_seconds)
  record "{\"kind\":\"reload\",\"round\":$r,\"rss_before_kb\":$RSS_BEFORE_RELOAD,\"rss_after_kb\":$RSS_AFTER_RELOAD,\"hwm_kb\":$HWM_AFTER_RELOAD,\"load_ms\":${RELOAD_MS:-0},\"free_ms\":${FREE_MS:-0},\"published_at\":${PUBLISHED_AT:-0}}"
done

cleanup
PIDS=()

# --- 8. Report ---------------------------------------------------------------
# scripts/perf_report.py writes the tables from the figures above (tested by
# tests/tools/perf_report_test.cc); the hand-written analysis of them is
# docs/performance-analysis.md.
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
MEM_GB=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)
python3 -c 'import json, sys; keys = sys.argv[2::2]; vals = sys.argv[3::2]; json.dump(dict(zip(keys, vals)), open(sys.argv[1], "w"))' \
  "$WORK/meta.json" nproc "$(nproc)" mem_gb "$MEM_GB" cpu "$CPU" \
  build_type "$BUILD_TYPE" ledger "$LEDGER" concurrency "$CONCURRENCY" \
  cart_lines "$CART_LINES" rounds "$ROUNDS" seconds "$SECONDS_PER_RUN" \
  half_rps "$HALF_RPS" data_dir "$DATA_DIR" build_dir "$BUILD_DIR" \
  load_start "$LOAD_START" load_end "$(cut -d' ' -f1 /proc/loadavg)"
python3 scripts/perf_report.py report --work="$WORK" --out="$OUT" \
  --meta="$WORK/meta.json"
log "wrote $OUT (raw figures: $RESULTS)"
