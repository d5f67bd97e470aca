#!/usr/bin/env bash
# Issue 13's speed goals, side by side in one run: the default scale (1M
# products, 10M edges from offergraph-gen) without deals files, and the same
# catalog and edges (byte for byte) with 100k bundles, 100k quantity breaks
# and 100k promotions whose windows hold today (offergraph-gen --now).
#
#   * load: tests/snapshot/load_bench on each directory, alternating;
#   * the engine: engine_bench on each, alternating (BM_Decide/5 and the
#     single-decision distribution of 5-line carts, graph statistic);
#   * Suggest end to end: offergraph-server on each (memory ledger) under
#     offergraph-loadgen, closed loop, alternating.
# Prints each round and the medians with the ratio deals / base (goals: load
# at most 1.15x, Suggest within 10%).
#
#   scripts/deals-bench.sh
#
# Knobs (defaults in brackets): BUILD_DIR [build], BASE_DIR
# [$BUILD_DIR/perf-data], DEALS_DIR [$BUILD_DIR/perf-data-deals], ROUNDS [3],
# SECONDS_PER_RUN [8], CONCURRENCY [32], DEALS [100000]. Not part of ctest.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build}
BASE_DIR=${BASE_DIR:-$BUILD_DIR/perf-data}
DEALS_DIR=${DEALS_DIR:-$BUILD_DIR/perf-data-deals}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
CONCURRENCY=${CONCURRENCY:-32}
DEALS=${DEALS:-100000}
GRPC_PORT=${GRPC_PORT:-50191}
WORK=$(mktemp -d /tmp/offergraph-deals-bench.XXXXXX)
log() { echo "deals-bench: $*" >&2; }
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

BUILD_DIR=$BUILD_DIR TARGETS="offergraph-server offergraph-gen offergraph-loadgen engine_bench load_bench" \
  scripts/build.sh >/dev/null
GEN=$BUILD_DIR/src/tools/offergraph-gen
SERVER=$BUILD_DIR/src/server/offergraph-server
LOADGEN=$BUILD_DIR/src/tools/offergraph-loadgen
ENGINE=$BUILD_DIR/bench/engine_bench
LOAD=$BUILD_DIR/tests/snapshot/load_bench

if [[ ! -f $BASE_DIR/catalog.csv || ! -f $BASE_DIR/edges.csv ]]; then
  log "generating 1M products and 10M edges into $BASE_DIR"
  mkdir -p "$BASE_DIR"
  "$GEN" --out_dir="$BASE_DIR" --products=1000000 --edges=10000000 --seed=1 >"$BASE_DIR/GENERATED"
fi
NOW=$(date -u +%Y-%m-%dT%H:00:00Z)
log "generating the same data with $DEALS bundles, breaks and promotions (now $NOW) into $DEALS_DIR"
mkdir -p "$DEALS_DIR"
"$GEN" --out_dir="$DEALS_DIR" --products=1000000 --edges=10000000 --seed=1 \
  --bundles="$DEALS" --quantity_breaks="$DEALS" --promotions="$DEALS" --now="$NOW" >"$DEALS_DIR/GENERATED"
cmp -s "$BASE_DIR/catalog.csv" "$DEALS_DIR/catalog.csv" &&
  cmp -s "$BASE_DIR/edges.csv" "$DEALS_DIR/edges.csv" ||
  { log "$BASE_DIR was not generated with --seed=1 at the default scale: remove it"; exit 1; }

wait_ready() {
  local file=$1 pid=$2
  for _ in $(seq 1 900); do
    grep -q ready "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "server exited:"; cat "$file".err >&2; exit 1; }
    sleep 0.1
  done
  log "server not ready after 90 s"; exit 1
}

for round in $(seq 1 "$ROUNDS"); do
  for label in base deals; do
    dir=$BASE_DIR; [[ $label == deals ]] && dir=$DEALS_DIR
    log "round $round/$ROUNDS: $label"
    echo "$label $("$LOAD" "$dir" | head -1)" >>"$WORK/load.txt"
    "$ENGINE" --data_dir="$dir" --p99_calls=100000 \
      --benchmark_filter='BM_Decide/5$' --benchmark_format=json \
      --benchmark_out="$WORK/engine-$label-$round.json" --benchmark_out_format=json \
      >"$WORK/engine-$label-$round.txt" 2>&1
    rm -rf "$WORK/ledger"
    "$SERVER" --data_dir="$dir" --grpc_address=127.0.0.1:$GRPC_PORT --http_address= \
      --metrics_address= --ledger_store=memory >"$WORK/server.out" 2>"$WORK/server.out.err" &
    pid=$!; PIDS+=("$pid")
    wait_ready "$WORK/server.out" "$pid"
    "$LOADGEN" --target=127.0.0.1:$GRPC_PORT --data_dir="$dir" --concurrency="$CONCURRENCY" \
      --duration_s="$SECONDS_PER_RUN" --json --label="$label" 2>/dev/null | head -1 >>"$WORK/suggest.jsonl"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done

python3 - "$WORK" "$ROUNDS" "$DEALS" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF'
import glob, json, re, statistics, sys
work, rounds, deals, load = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def med(xs): return statistics.median(xs)
loads = {"base": [], "deals": []}
for line in open(f"{work}/load.txt"):
    label, rest = line.split(" ", 1)
    loads[label].append(float(re.search(r"load_s=([0-9.]+)", rest).group(1)))
engine = {"base": [], "deals": []}
dist = {"base": [], "deals": []}
for label in engine:
    for r in range(1, rounds + 1):
        j = json.load(open(f"{work}/engine-{label}-{r}.json"))
        engine[label] += [b["real_time"] / 1000 for b in j["benchmarks"]
                          if b["name"] == "BM_Decide/5"]
        for l in open(f"{work}/engine-{label}-{r}.txt"):
            if l.startswith("decide_latency") and " lines=5 " in l + " ":
                dist[label].append({k: float(v) for k, v in
                                    (kv.split("=") for kv in l.split()[1:])})
suggest = {"base": [], "deals": []}
for l in open(f"{work}/suggest.jsonl"):
    r = json.loads(l)
    suggest[r["label"]].append(r)
print(f"1M products / 10M edges, without and with {deals} bundles, quantity "
      f"breaks and promotions each; {rounds} alternating rounds; load average "
      f"at the end {load}\n")
print("| measure | base (median) | with deals (median) | deals / base (median of per-round ratios) | goal |")
print("| --- | ---: | ---: | ---: | --- |")
def row(name, a, b, unit, goal, fmt="%.2f"):
    ratio = med(y / x for x, y in zip(a, b))
    print(f"| {name} | {fmt % med(a)} {unit} | {fmt % med(b)} {unit} | {ratio:.3f} | {goal} |")
row("load (load_bench, wall)", loads["base"], loads["deals"], "s", "<= 1.15")
row("Decide, 5-line cart (BM_Decide/5 mean)", engine["base"], engine["deals"], "us", "<= 1.10")
for k in ("p50_us", "p99_us"):
    row(f"Decide, 5-line cart, single-decision {k[:-3]}",
        [d[k] for d in dist["base"]], [d[k] for d in dist["deals"]], "us", "")
row("Suggest end to end, closed loop (calls/s)",
    [r["ok_per_second"] for r in suggest["base"]],
    [r["ok_per_second"] for r in suggest["deals"]], "/s", ">= 0.90", "%.0f")
for k in ("p50_us", "p99_us"):
    row(f"Suggest end to end {k[:-3]}", [r[k] for r in suggest["base"]],
        [r[k] for r in suggest["deals"]], "us", "", "%.0f")
print()
print("Per round (load s; BM_Decide/5 us; Suggest calls/s):")
for i in range(rounds):
    print(f"  {i + 1}: base {loads['base'][i]:.2f} / {engine['base'][i]:.2f} / "
          f"{suggest['base'][i]['ok_per_second']:.0f}; deals "
          f"{loads['deals'][i]:.2f} / {engine['deals'][i]:.2f} / "
          f"{suggest['deals'][i]['ok_per_second']:.0f}")
EOF
