#!/usr/bin/env bash
# Suggest throughput and latency per ledger store, side by side in one run
# (issue 16's fleet goals: RocksDB at least 0.9x and Redis at least 0.7x the
# memory ledger's throughput), and the no-op gRPC floor for scale.
#
# Each round starts offergraph-server once per store (memory, rocksdb on a
# fresh directory, redis on a fresh real redis-server on loopback) and the
# no-op server, and drives each with offergraph-loadgen (closed loop, the
# same request pool: carts with customer ids, so every Suggest reads a
# history and writes a decision) for the same time. The table gives each
# round, then the medians; a store's ratio is the median of its per-round
# ratios to memory.
#
#   scripts/ledger-bench.sh                  # demo data, 3 rounds of 8 s
#   DATA_DIR=build/perf-data scripts/ledger-bench.sh
#
# Knobs (defaults in brackets): BUILD_DIR [build], DATA_DIR [data/demo],
# ROUNDS [3], SECONDS_PER_RUN [8], CONCURRENCY [32], STORES [memory rocksdb
# redis], GRPC_PORT [50181], NOOP_PORT [50182]. Needs redis-server for the
# redis rows (scripts/install-deps.sh installs it). Not part of ctest.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build}
DATA_DIR=${DATA_DIR:-data/demo}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
CONCURRENCY=${CONCURRENCY:-32}
STORES=${STORES:-memory rocksdb redis}
GRPC_PORT=${GRPC_PORT:-50181}
NOOP_PORT=${NOOP_PORT:-50182}
WORK=$(mktemp -d /tmp/offergraph-ledger-bench.XXXXXX)
log() { echo "ledger-bench: $*" >&2; }
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ ! -x $BUILD_DIR/src/server/offergraph-server || ! -x $BUILD_DIR/src/tools/offergraph-loadgen ||
      ! -x $BUILD_DIR/src/tools/offergraph-noop-server ]]; then
  BUILD_DIR=$BUILD_DIR TARGETS="offergraph-server offergraph-loadgen offergraph-noop-server" scripts/build.sh
fi
SERVER=$BUILD_DIR/src/server/offergraph-server
LOADGEN=$BUILD_DIR/src/tools/offergraph-loadgen
NOOP=$BUILD_DIR/src/tools/offergraph-noop-server
if [[ " $STORES " == *" redis "* ]] && ! command -v redis-server >/dev/null; then
  log "redis-server is missing (scripts/install-deps.sh installs it): skipping redis"
  STORES=${STORES//redis/}
fi

# Waits for a "ready" line on a server's stdout.
wait_ready() {
  local file=$1 pid=$2
  for _ in $(seq 1 600); do
    grep -q ready "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "server exited:"; cat "$file".err >&2; exit 1; }
    sleep 0.1
  done
  log "server not ready after 60 s"; exit 1
}
# Runs the load generator against 127.0.0.1:$1 and appends its report,
# labelled $2, to results.jsonl.
drive() {
  "$LOADGEN" --target=127.0.0.1:"$1" --data_dir="$DATA_DIR" \
    --concurrency="$CONCURRENCY" --duration_s="$SECONDS_PER_RUN" --warmup_s=1 \
    --json --label="$2" 2>>"$WORK/loadgen.err" | head -1 >>"$WORK/results.jsonl"
}

for round in $(seq 1 "$ROUNDS"); do
  log "round $round/$ROUNDS: floor, then $STORES; ${SECONDS_PER_RUN}s each, $CONCURRENCY in flight"
  "$NOOP" --grpc_address=127.0.0.1:$NOOP_PORT >"$WORK/noop.out" 2>"$WORK/noop.out.err" &
  pid=$!; PIDS+=("$pid")
  wait_ready "$WORK/noop.out" "$pid"
  drive "$NOOP_PORT" noop
  kill "$pid"; wait "$pid" 2>/dev/null || true
  for store in $STORES; do
    extra=()
    if [[ $store == redis ]]; then
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
        --dir "$WORK" >"$WORK/redis.log" 2>&1 &
      rpid=$!; PIDS+=("$rpid")
      for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
      extra=(--redis_address=127.0.0.1:"$port")
    fi
    rm -rf "$WORK/ledger"
    "$SERVER" --data_dir="$DATA_DIR" --grpc_address=127.0.0.1:$GRPC_PORT \
      --http_address= --metrics_address= --ledger_store="$store" \
      --ledger_dir="$WORK/ledger" "${extra[@]}" \
      >"$WORK/server.out" 2>"$WORK/server.out.err" &
    pid=$!; PIDS+=("$pid")
    wait_ready "$WORK/server.out" "$pid"
    drive "$GRPC_PORT" "$store"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    if [[ $store == redis ]]; then kill "$rpid"; wait "$rpid" 2>/dev/null || true; fi
  done
done

python3 - "$WORK/results.jsonl" "$DATA_DIR" "$CONCURRENCY" "$SECONDS_PER_RUN" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$STORES" <<'EOF'
import json, statistics, sys
path, data, conc, secs, load, stores = sys.argv[1:]
stores = stores.split()
rows = [json.loads(l) for l in open(path) if l.strip()]
by = {}
for r in rows:
    by.setdefault(r["label"], []).append(r)
rounds = len(by.get("noop", []))
print(f"Suggest per ledger store, {data}, closed loop, {conc} in flight, "
      f"{secs} s per run, {rounds} rounds; load average at the end {load}")
print()
print("| store | calls/s per round | median calls/s | / memory (median of rounds) "
      "| / no-op floor | p50 | p99 | errors |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
med = lambda label, key: statistics.median(r[key] for r in by[label])
for label in ["noop"] + stores:
    if label not in by:
        continue
    rates = [r["ok_per_second"] for r in by[label]]
    vs_mem = ""
    if "memory" in by:
        vs_mem = "%.2f" % statistics.median(
            a["ok_per_second"] / b["ok_per_second"]
            for a, b in zip(by[label], by["memory"]))
    vs_floor = "%.2f" % statistics.median(
        a["ok_per_second"] / b["ok_per_second"]
        for a, b in zip(by[label], by["noop"]))
    errors = sum(r.get("errors", 0) for r in by[label])
    print(f"| {'no-op floor' if label == 'noop' else label} | "
          f"{', '.join(f'{x:,.0f}' for x in rates)} | {med(label, 'ok_per_second'):,.0f} | "
          f"{vs_mem} | {vs_floor} | {med(label, 'p50_us') / 1000:.2f} ms | "
          f"{med(label, 'p99_us') / 1000:.2f} ms | {errors} |")
EOF
